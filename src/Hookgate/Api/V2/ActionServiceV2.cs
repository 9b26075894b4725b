using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Api.Validation;
using Hookgate.Errors;
using Hookgate.Executions;
using Hookgate.Storage;
using Hookgate.Targets;
using Zitadel.Action.V2;
using Filter = Zitadel.Filter.V2;
using Condition = Hookgate.Executions.Condition;
using TargetFilter = Hookgate.Targets.TargetFilter;
using PayloadType = Hookgate.Targets.PayloadType;
using TargetType = Hookgate.Targets.TargetType;

namespace Hookgate.Api.V2;

/// <summary>
/// zitadel.action.v2.ActionService: maps its messages to the core's commands and queries. Every rule lives in
/// the core or in <see cref="ActionRules"/>; this class only translates.
/// </summary>
public sealed class ActionServiceV2(TargetCommands targets, TargetQueries targetQueries, ExecutionCommands executions, ExecutionQueries executionQueries, ExecutionCatalog catalog)
{
    public static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = ActionServiceReflection.Descriptor.Services[0];

    private readonly ProtoValidator _validator = ActionRules.V2(
        [ActionServiceReflection.Descriptor, QueryReflection.Descriptor, ExecutionReflection.Descriptor, Filter.FilterReflection.Descriptor], 2048);

    public IReadOnlyDictionary<string, ApiHandler> Handlers => new HandlerTable()
        .On<CreateTargetRequest>("CreateTarget", CreateTarget)
        .On<UpdateTargetRequest>("UpdateTarget", UpdateTarget)
        .On<DeleteTargetRequest>("DeleteTarget", DeleteTarget)
        .On<GetTargetRequest>("GetTarget", GetTarget)
        .On<ListTargetsRequest>("ListTargets", ListTargets)
        .On<AddPublicKeyRequest>("AddPublicKey", AddPublicKey)
        .On<ActivatePublicKeyRequest>("ActivatePublicKey", ActivatePublicKey)
        .On<DeactivatePublicKeyRequest>("DeactivatePublicKey", DeactivatePublicKey)
        .On<RemovePublicKeyRequest>("RemovePublicKey", RemovePublicKey)
        .On<ListPublicKeysRequest>("ListPublicKeys", ListPublicKeys)
        .On<SetExecutionRequest>("SetExecution", SetExecution)
        .On<ListExecutionsRequest>("ListExecutions", ListExecutions)
        .On<ListExecutionFunctionsRequest>("ListExecutionFunctions", (_, _) => Result(new ListExecutionFunctionsResponse { Functions = { ExecutionCatalog.AllFunctions } }))
        .On<ListExecutionMethodsRequest>("ListExecutionMethods", (_, _) => Result(new ListExecutionMethodsResponse { Methods = { catalog.Methods } }))
        .On<ListExecutionServicesRequest>("ListExecutionServices", (_, _) => Result(new ListExecutionServicesResponse { Services = { catalog.Services } }))
        .Handlers;

    private async Task<IMessage> CreateTarget(CreateTargetRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var created = await targets.CreateAsync(call.InstanceId, call.UserId, ToCommand(request), call.CancellationToken);
        return new CreateTargetResponse { Id = created.Id, CreationDate = Timestamp.FromDateTimeOffset(created.Change.ChangeDate), SigningKey = created.SigningKey };
    }

    /// <summary>
    /// A target's definition as a create command. The older generations' create messages have the same field
    /// numbers (name 1, type 2–4, timeout 5, endpoint 6) and come here through <see cref="WireCast"/>.
    /// </summary>
    public static CreateTarget ToCommand(CreateTargetRequest request)
    {
        var (type, interrupt) = TypeOf(request.RestWebhook, request.RestCall, request.RestAsync) ?? default;
        return new CreateTarget(request.Name, type, interrupt, request.Endpoint, request.Timeout?.ToTimeSpan() ?? TimeSpan.Zero, (PayloadType)request.PayloadType);
    }

    /// <summary>An update as a command; the first generation's update message has the same field numbers.</summary>
    public static UpdateTarget ToCommand(UpdateTargetRequest request)
    {
        var type = TypeOf(request.RestWebhook, request.RestCall, request.RestAsync);
        return new UpdateTarget(
            request.Id,
            Name: request.HasName ? request.Name : null,
            Type: type?.Type,
            InterruptOnError: type?.Interrupt,
            Endpoint: request.HasEndpoint ? request.Endpoint : null,
            Timeout: request.Timeout?.ToTimeSpan(),
            RegenerateSigningKey: request.ExpirationSigningKey is not null,
            PayloadType: (PayloadType)request.PayloadType);
    }

    /// <summary>A target's definition in the create shape (which the second generation's Target message shares).</summary>
    public static CreateTargetRequest ToDefinition(TargetView view)
    {
        var definition = new CreateTargetRequest { Name = view.Name, Timeout = Duration.FromTimeSpan(view.Timeout), Endpoint = view.Endpoint };
        switch (view.Type)
        {
            case TargetType.Webhook:
                definition.RestWebhook = new RESTWebhook { InterruptOnError = view.InterruptOnError };
                break;
            case TargetType.Call:
                definition.RestCall = new RESTCall { InterruptOnError = view.InterruptOnError };
                break;
            default:
                definition.RestAsync = new RESTAsync();
                break;
        }
        return definition;
    }

    private async Task<IMessage> UpdateTarget(UpdateTargetRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var updated = await targets.UpdateAsync(call.InstanceId, call.UserId, ToCommand(request), call.CancellationToken);
        var response = new UpdateTargetResponse { ChangeDate = Timestamp.FromDateTimeOffset(updated.Change.ChangeDate) };
        if (updated.SigningKey is not null)
        {
            response.SigningKey = updated.SigningKey;
        }
        return response;
    }

    private async Task<IMessage> DeleteTarget(DeleteTargetRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var deleted = await targets.DeleteAsync(call.InstanceId, call.UserId, request.Id, call.CancellationToken);
        return new DeleteTargetResponse { DeletionDate = deleted.Exists ? Timestamp.FromDateTimeOffset(deleted.ChangeDate) : null };
    }

    private async Task<IMessage> GetTarget(GetTargetRequest request, ApiCall call)
    {
        _validator.Validate(request);
        return new GetTargetResponse { Target = ToProto(await targetQueries.GetAsync(call.InstanceId, request.Id, call.CancellationToken)) };
    }

    private async Task<IMessage> ListTargets(ListTargetsRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var filters = request.Filters.Select(ToFilter).ToArray();
        var sort = request.SortingColumn switch
        {
            TargetFieldName.Id => TargetSort.Id,
            TargetFieldName.ChangedDate => TargetSort.ChangeDate,
            TargetFieldName.Name => TargetSort.Name,
            TargetFieldName.TargetType => TargetSort.TargetType,
            TargetFieldName.Url => TargetSort.Endpoint,
            TargetFieldName.Timeout => TargetSort.Timeout,
            TargetFieldName.InterruptOnError => TargetSort.InterruptOnError,
            _ => TargetSort.CreationDate,
        };
        var page = await targetQueries.ListAsync(call.InstanceId, Paging(request.Pagination), sort, filters, call.CancellationToken);
        return new ListTargetsResponse { Pagination = Pagination(page), Targets = { page.Items.Select(ToProto) } };
    }

    private async Task<IMessage> AddPublicKey(AddPublicKeyRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var (keyId, created) = await targets.AddPublicKeyAsync(call.InstanceId, call.UserId, request.TargetId, request.PublicKey.ToByteArray(),
            request.ExpirationDate?.ToDateTimeOffset(), call.CancellationToken);
        return new AddPublicKeyResponse { KeyId = keyId, CreationDate = Timestamp.FromDateTimeOffset(created) };
    }

    private async Task<IMessage> ActivatePublicKey(ActivatePublicKeyRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var changed = await targets.ActivatePublicKeyAsync(call.InstanceId, call.UserId, request.TargetId, request.KeyId, call.CancellationToken);
        return new ActivatePublicKeyResponse { ChangeDate = Timestamp.FromDateTimeOffset(changed) };
    }

    private async Task<IMessage> DeactivatePublicKey(DeactivatePublicKeyRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var changed = await targets.DeactivatePublicKeyAsync(call.InstanceId, call.UserId, request.TargetId, request.KeyId, call.CancellationToken);
        return new DeactivatePublicKeyResponse { ChangeDate = Timestamp.FromDateTimeOffset(changed) };
    }

    private async Task<IMessage> RemovePublicKey(RemovePublicKeyRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var removed = await targets.RemovePublicKeyAsync(call.InstanceId, call.UserId, request.TargetId, request.KeyId, call.CancellationToken);
        return new RemovePublicKeyResponse { DeletionDate = Timestamp.FromDateTimeOffset(removed) };
    }

    private async Task<IMessage> ListPublicKeys(ListPublicKeysRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var filters = new List<PublicKeyFilter>();
        foreach (var f in request.Filters)
        {
            switch (f.FilterCase)
            {
                case PublicKeySearchFilter.FilterOneofCase.KeyIdsFilter:
                    filters.Add(new PublicKeyFilter.InKeyIds(f.KeyIdsFilter.Ids));
                    break;
                case PublicKeySearchFilter.FilterOneofCase.ActiveFilter:
                    filters.Add(new PublicKeyFilter.Active(f.ActiveFilter));
                    break;
                case PublicKeySearchFilter.FilterOneofCase.ExpirationDateFilter:
                    var timestamp = f.ExpirationDateFilter.Timestamp?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch;
                    filters.Add(new PublicKeyFilter.Expiration(timestamp, (TimestampMatch)f.ExpirationDateFilter.Method));
                    break;
            }
        }
        var sort = request.SortingColumn switch
        {
            PublicKeyFieldName.ChangeDate => PublicKeySort.ChangeDate,
            PublicKeyFieldName.ExpirationDate => PublicKeySort.Expiration,
            _ => PublicKeySort.CreationDate,
        };
        var page = await targetQueries.ListPublicKeysAsync(call.InstanceId, request.TargetId, Paging(request.Pagination), sort, filters, call.CancellationToken);
        return new ListPublicKeysResponse
        {
            Pagination = Pagination(page),
            PublicKeys =
            {
                page.Items.Select(k => new PublicKey
                {
                    KeyId = k.KeyId,
                    Active = k.Active,
                    PublicKey_ = ByteString.CopyFrom(k.PublicKey),
                    Fingerprint = k.Fingerprint,
                    ExpirationDate = k.Expiration is { } e ? Timestamp.FromDateTimeOffset(e) : null,
                    CreationDate = Timestamp.FromDateTimeOffset(k.CreationDate),
                    ChangeDate = Timestamp.FromDateTimeOffset(k.ChangeDate),
                }),
            },
        };
    }

    private async Task<IMessage> SetExecution(SetExecutionRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var condition = FromProto(request.Condition);
        var entries = request.Targets.Select(ExecutionEntry.Target).ToArray();
        var set = await executions.SetAsync(call.InstanceId, call.UserId, condition, entries, call.CancellationToken);
        return new SetExecutionResponse { SetDate = Timestamp.FromDateTimeOffset(set.ChangeDate) };
    }

    private async Task<IMessage> ListExecutions(ListExecutionsRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var filters = request.Filters.Select<ExecutionSearchFilter, ExecutionFilter>(f => f.FilterCase switch
        {
            ExecutionSearchFilter.FilterOneofCase.InConditionsFilter => new ExecutionFilter.InConditions(f.InConditionsFilter.Conditions.Select(FromProto).ToArray()),
            ExecutionSearchFilter.FilterOneofCase.ExecutionTypeFilter => new ExecutionFilter.OfKind(
                f.ExecutionTypeFilter.ExecutionType == ExecutionType.Unspecified ? null : (ExecutionKind)f.ExecutionTypeFilter.ExecutionType),
            ExecutionSearchFilter.FilterOneofCase.TargetFilter => new ExecutionFilter.WithTarget(f.TargetFilter.TargetId),
            _ => throw ApiError.InvalidArgument("GRPC-vR9nC", "List.Query.Invalid"),
        }).ToArray();
        var sort = request.SortingColumn switch
        {
            ExecutionFieldName.Id => ExecutionSort.Id,
            ExecutionFieldName.ChangedDate => ExecutionSort.ChangeDate,
            _ => ExecutionSort.CreationDate,
        };
        var page = await executionQueries.ListAsync(call.InstanceId, Paging(request.Pagination), sort, filters, withIncludes: false, call.CancellationToken);
        return new ListExecutionsResponse
        {
            Pagination = Pagination(page),
            Executions =
            {
                page.Items.Select(e => new Execution
                {
                    Condition = ToProto(e.Condition),
                    CreationDate = Timestamp.FromDateTimeOffset(e.Change.CreationDate),
                    ChangeDate = Timestamp.FromDateTimeOffset(e.Change.ChangeDate),
                    Targets = { e.TargetIds },
                }),
            },
        };
    }

    private static Task<IMessage> Result(IMessage message) => Task.FromResult(message);

    /// <summary>A target filter; the older generations' target filters have the same field numbers.</summary>
    public static TargetFilter ToFilter(TargetSearchFilter filter) => filter.FilterCase switch
    {
        TargetSearchFilter.FilterOneofCase.TargetNameFilter => new TargetFilter.Name(filter.TargetNameFilter.TargetName, (TextMatch)filter.TargetNameFilter.Method),
        TargetSearchFilter.FilterOneofCase.InTargetIdsFilter => new TargetFilter.InIds(filter.InTargetIdsFilter.TargetIds),
        _ => throw ApiError.InvalidArgument("GRPC-vR9nC", "List.Query.Invalid"),
    };

    private static (TargetType Type, bool Interrupt)? TypeOf(RESTWebhook? webhook, RESTCall? call, RESTAsync? async) =>
        webhook is not null ? (TargetType.Webhook, webhook.InterruptOnError)
        : call is not null ? (TargetType.Call, call.InterruptOnError)
        : async is not null ? (TargetType.Async, false)
        : null;

    private static ListQuery Paging(Filter.PaginationRequest? pagination) =>
        pagination is null ? new ListQuery() : ListQuery.From(pagination.Offset, pagination.Limit, pagination.Asc);

    private static Filter.PaginationResponse Pagination<T>(Page<T> page) =>
        new() { TotalResult = (ulong)page.TotalResult, AppliedLimit = (ulong)page.AppliedLimit };

    public static Target ToProto(TargetView view)
    {
        var target = new Target
        {
            Id = view.Id,
            CreationDate = Timestamp.FromDateTimeOffset(view.Change.CreationDate),
            ChangeDate = Timestamp.FromDateTimeOffset(view.Change.ChangeDate),
            Name = view.Name,
            Timeout = Duration.FromTimeSpan(view.Timeout),
            Endpoint = view.Endpoint,
            SigningKey = view.SigningKey ?? "",
            PayloadType = (Zitadel.Action.V2.PayloadType)view.PayloadType,
        };
        switch (view.Type)
        {
            case TargetType.Webhook:
                target.RestWebhook = new RESTWebhook { InterruptOnError = view.InterruptOnError };
                break;
            case TargetType.Call:
                target.RestCall = new RESTCall { InterruptOnError = view.InterruptOnError };
                break;
            default:
                target.RestAsync = new RESTAsync();
                break;
        }
        return target;
    }

    /// <summary>
    /// The core condition of an API condition. Strict on its own (an inner choice must be made, "all" must be
    /// true, a function needs a name), with ZITADEL's command-level IDs, for generations whose request rules
    /// did not already say so; the other generations' conditions are read as this one (same field numbers).
    /// </summary>
    public static Condition FromProto(Zitadel.Action.V2.Condition? condition) => condition?.ConditionTypeCase switch
    {
        Zitadel.Action.V2.Condition.ConditionTypeOneofCase.Request => condition.Request.ConditionCase switch
        {
            RequestExecution.ConditionOneofCase.Method => new Condition(ExecutionKind.Request, ConditionScope.Method, condition.Request.Method),
            RequestExecution.ConditionOneofCase.Service => new Condition(ExecutionKind.Request, ConditionScope.Service, condition.Request.Service),
            RequestExecution.ConditionOneofCase.All when condition.Request.All => new Condition(ExecutionKind.Request, ConditionScope.All),
            _ => throw ApiError.InvalidArgument("COMMAND-3tkej630e6", "Errors.Execution.Invalid"),
        },
        Zitadel.Action.V2.Condition.ConditionTypeOneofCase.Response => condition.Response.ConditionCase switch
        {
            ResponseExecution.ConditionOneofCase.Method => new Condition(ExecutionKind.Response, ConditionScope.Method, condition.Response.Method),
            ResponseExecution.ConditionOneofCase.Service => new Condition(ExecutionKind.Response, ConditionScope.Service, condition.Response.Service),
            ResponseExecution.ConditionOneofCase.All when condition.Response.All => new Condition(ExecutionKind.Response, ConditionScope.All),
            _ => throw ApiError.InvalidArgument("COMMAND-3tkej630e6", "Errors.Execution.Invalid"),
        },
        Zitadel.Action.V2.Condition.ConditionTypeOneofCase.Function when condition.Function.Name.Length > 0 =>
            new Condition(ExecutionKind.Function, ConditionScope.Function, condition.Function.Name),
        Zitadel.Action.V2.Condition.ConditionTypeOneofCase.Function => throw ApiError.InvalidArgument("COMMAND-5folwn5jws", "Errors.Execution.Invalid"),
        Zitadel.Action.V2.Condition.ConditionTypeOneofCase.Event => condition.Event.ConditionCase switch
        {
            EventExecution.ConditionOneofCase.Event => new Condition(ExecutionKind.Event, ConditionScope.Event, condition.Event.Event),
            EventExecution.ConditionOneofCase.Group => new Condition(ExecutionKind.Event, ConditionScope.Group, condition.Event.Group),
            EventExecution.ConditionOneofCase.All when condition.Event.All => new Condition(ExecutionKind.Event, ConditionScope.All),
            _ => throw ApiError.InvalidArgument("COMMAND-w5smb6v7qu", "Errors.Execution.Invalid"),
        },
        _ => throw ApiError.InvalidArgument("ACTION-5r5Ju", "Errors.Execution.ConditionInvalid"),
    };

    public static Zitadel.Action.V2.Condition ToProto(Condition condition) => (condition.Kind, condition.Scope) switch
    {
        (ExecutionKind.Request, ConditionScope.Method) => new() { Request = new RequestExecution { Method = condition.Value } },
        (ExecutionKind.Request, ConditionScope.Service) => new() { Request = new RequestExecution { Service = condition.Value } },
        (ExecutionKind.Request, _) => new() { Request = new RequestExecution { All = true } },
        (ExecutionKind.Response, ConditionScope.Method) => new() { Response = new ResponseExecution { Method = condition.Value } },
        (ExecutionKind.Response, ConditionScope.Service) => new() { Response = new ResponseExecution { Service = condition.Value } },
        (ExecutionKind.Response, _) => new() { Response = new ResponseExecution { All = true } },
        (ExecutionKind.Function, _) => new() { Function = new FunctionExecution { Name = condition.Value } },
        (ExecutionKind.Event, ConditionScope.Event) => new() { Event = new EventExecution { Event = condition.Value } },
        (ExecutionKind.Event, ConditionScope.Group) => new() { Event = new EventExecution { Group = condition.Value } },
        _ => new() { Event = new EventExecution { All = true } },
    };
}
