using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Api.V2;
using Hookgate.Api.Validation;
using Hookgate.Errors;
using Hookgate.Executions;
using Hookgate.Storage;
using Hookgate.Targets;
using Zitadel.Object.V3Alpha;
using Zitadel.Resources.Action.V3Alpha;
using Zitadel.Resources.Object.V3Alpha;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using TargetType = Hookgate.Targets.TargetType;

namespace Hookgate.Api.ResourcesV3Alpha;

/// <summary>
/// zitadel.resources.action.v3alpha.ZITADELActions, the second generation (REST under /resources/v3alpha/actions):
/// translation only. Its shapes: the Target object as the body, resource details
/// {id, created, changed, owner}, filters as arrays with paging in the query, ascending by default.
/// </summary>
public sealed class ZitadelActionsV3Alpha(TargetCommands targets, TargetQueries targetQueries, ExecutionCommands executions, ExecutionQueries executionQueries, ExecutionCatalog catalog, TimeProvider time)
{
    public static readonly ServiceDescriptor Service = ActionServiceReflection.Descriptor.Services[0];

    private readonly ProtoValidator _validator = ActionRules.ResourcesGeneration(
        [ActionServiceReflection.Descriptor, TargetReflection.Descriptor, QueryReflection.Descriptor, ExecutionReflection.Descriptor, Zitadel.Object.V3Alpha.ObjectReflection.Descriptor]);

    public IReadOnlyDictionary<string, ApiHandler> Handlers => new HandlerTable()
        .On<CreateTargetRequest>("CreateTarget", CreateTarget)
        .On<PatchTargetRequest>("PatchTarget", PatchTarget)
        .On<DeleteTargetRequest>("DeleteTarget", DeleteTarget)
        .On<GetTargetRequest>("GetTarget", GetTarget)
        .On<SearchTargetsRequest>("SearchTargets", SearchTargets)
        .On<SetExecutionRequest>("SetExecution", SetExecution)
        .On<SearchExecutionsRequest>("SearchExecutions", SearchExecutions)
        .On<ListExecutionFunctionsRequest>("ListExecutionFunctions", (_, _) => Task.FromResult<IMessage>(new ListExecutionFunctionsResponse { Functions = { ExecutionCatalog.AllFunctions } }))
        .On<ListExecutionMethodsRequest>("ListExecutionMethods", (_, _) => Task.FromResult<IMessage>(new ListExecutionMethodsResponse { Methods = { catalog.Methods } }))
        .On<ListExecutionServicesRequest>("ListExecutionServices", (_, _) => Task.FromResult<IMessage>(new ListExecutionServicesResponse { Services = { catalog.Services } }))
        .Handlers;

    private async Task<IMessage> CreateTarget(CreateTargetRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var created = await targets.CreateAsync(call.InstanceId, call.UserId,
            ActionServiceV2.ToCommand(request.Target.As(Zitadel.Action.V2.CreateTargetRequest.Parser)), call.CancellationToken);
        return new CreateTargetResponse { Details = Details(created.Change, call), SigningKey = created.SigningKey };
    }

    private async Task<IMessage> PatchTarget(PatchTargetRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var patch = request.Target;
        var type = TypeOf(patch.RestWebhook, patch.RestCall, patch.RestAsync);
        var updated = await targets.UpdateAsync(call.InstanceId, call.UserId, new UpdateTarget(
            request.Id,
            Name: patch.HasName ? patch.Name : null,
            Type: type?.Type,
            InterruptOnError: type?.Interrupt,
            Endpoint: patch.HasEndpoint ? patch.Endpoint : null,
            Timeout: patch.Timeout?.ToTimeSpan(),
            RegenerateSigningKey: patch.ExpirationSigningKey is not null), call.CancellationToken);
        var response = new PatchTargetResponse { Details = Details(updated.Change, call) };
        if (updated.SigningKey is not null)
        {
            response.SigningKey = updated.SigningKey;
        }
        return response;
    }

    /// <summary>As the first generation: deleting a target that is not there is NotFound.</summary>
    private async Task<IMessage> DeleteTarget(DeleteTargetRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var deleted = await targets.DeleteAsync(call.InstanceId, call.UserId, request.Id, call.CancellationToken, mustExist: true);
        return new DeleteTargetResponse { Details = Details(deleted, call) };
    }

    private async Task<IMessage> GetTarget(GetTargetRequest request, ApiCall call)
    {
        _validator.Validate(request);
        return new GetTargetResponse { Target = ToProto(await targetQueries.GetAsync(call.InstanceId, request.Id, call.CancellationToken), call) };
    }

    private async Task<IMessage> SearchTargets(SearchTargetsRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var filters = request.Filters.Select(f => ActionServiceV2.ToFilter(f.As(Zitadel.Action.V2.TargetSearchFilter.Parser))).ToArray();
        // An absent sorting column means creation date; an explicit UNSPECIFIED means the ID (as upstream).
        var sort = !request.HasSortingColumn ? TargetSort.CreationDate : request.SortingColumn switch
        {
            TargetFieldName.CreatedDate => TargetSort.CreationDate,
            TargetFieldName.ChangedDate => TargetSort.ChangeDate,
            TargetFieldName.Name => TargetSort.Name,
            TargetFieldName.TargetType => TargetSort.TargetType,
            TargetFieldName.Url => TargetSort.Endpoint,
            TargetFieldName.Timeout => TargetSort.Timeout,
            TargetFieldName.InterruptOnError => TargetSort.InterruptOnError,
            _ => TargetSort.Id,
        };
        var page = await targetQueries.ListAsync(call.InstanceId, Paging(request.Query), sort, filters, call.CancellationToken);
        return new SearchTargetsResponse { Details = ListDetails(page), Result = { page.Items.Select(t => ToProto(t, call)) } };
    }

    private async Task<IMessage> SetExecution(SetExecutionRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var condition = request.Condition.ToCondition();
        var entries = (request.Execution?.Targets ?? []).Select(t => t.TypeCase == ExecutionTargetType.TypeOneofCase.Include
            ? new ExecutionEntry(null, t.Include.ToCondition())
            : new ExecutionEntry(t.Target, null)).ToArray();
        var set = await executions.SetAsync(call.InstanceId, call.UserId, condition, entries, call.CancellationToken);
        return new SetExecutionResponse { Details = Details(set, call) };
    }

    private async Task<IMessage> SearchExecutions(SearchExecutionsRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var filters = request.Filters.Select(ToFilter).ToArray();
        var sort = !request.HasSortingColumn ? ExecutionSort.CreationDate : request.SortingColumn switch
        {
            ExecutionFieldName.CreatedDate => ExecutionSort.CreationDate,
            ExecutionFieldName.ChangedDate => ExecutionSort.ChangeDate,
            _ => ExecutionSort.Id,
        };
        var page = await executionQueries.ListAsync(call.InstanceId, Paging(request.Query), sort, filters, withIncludes: true, call.CancellationToken);
        return new SearchExecutionsResponse
        {
            Details = ListDetails(page),
            Result =
            {
                // Upstream left condition empty (readable only from details.id); Hookgate fills it.
                page.Items.Select(e => new GetExecution
                {
                    Details = Details(e.Change, call),
                    Condition = e.Condition.ToCondition(Zitadel.Resources.Action.V3Alpha.Condition.Parser),
                    Execution = new Execution
                    {
                        Targets =
                        {
                            e.Entries.Select(entry => entry.TargetId is { } id
                                ? new ExecutionTargetType { Target = id }
                                : new ExecutionTargetType { Include = entry.Include!.ToCondition(Zitadel.Resources.Action.V3Alpha.Condition.Parser) }),
                        },
                    },
                }),
            },
        };
    }

    /// <summary>An execution filter, include filter and all; the first generation's search queries have the same field numbers.</summary>
    public static ExecutionFilter ToFilter(ExecutionSearchFilter filter) => filter.FilterCase switch
    {
        ExecutionSearchFilter.FilterOneofCase.InConditionsFilter => new ExecutionFilter.InConditions(filter.InConditionsFilter.Conditions.Select(c => c.ToCondition()).ToArray()),
        ExecutionSearchFilter.FilterOneofCase.ExecutionTypeFilter => new ExecutionFilter.OfKind(
            filter.ExecutionTypeFilter.ExecutionType == ExecutionType.Unspecified ? null : (ExecutionKind)filter.ExecutionTypeFilter.ExecutionType),
        ExecutionSearchFilter.FilterOneofCase.TargetFilter => new ExecutionFilter.WithTarget(filter.TargetFilter.TargetId),
        ExecutionSearchFilter.FilterOneofCase.IncludeFilter => new ExecutionFilter.WithInclude(filter.IncludeFilter.Include.ToCondition()),
        _ => throw ApiError.InvalidArgument("GRPC-vR9nC", "List.Query.Invalid"),
    };

    private static (TargetType Type, bool Interrupt)? TypeOf(SetRESTWebhook? webhook, SetRESTCall? call, SetRESTAsync? async) =>
        webhook is not null ? (TargetType.Webhook, webhook.InterruptOnError)
        : call is not null ? (TargetType.Call, call.InterruptOnError)
        : async is not null ? (TargetType.Async, false)
        : null;

    /// <summary>This generation's paging: limit 100 by default and 1000 at most, ascending unless desc.</summary>
    private static Storage.ListQuery Paging(SearchQuery? query) =>
        query is null ? new Storage.ListQuery(Asc: true) : Storage.ListQuery.From(query.Offset, query.Limit, asc: !query.Desc);

    private ListDetails ListDetails<T>(Page<T> page) => new()
    {
        AppliedLimit = (ulong)page.AppliedLimit,
        TotalResult = (ulong)page.TotalResult,
        Timestamp = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
    };

    /// <summary>Resource details; unlike upstream, writes also carry the creation date, as the reference pages show.</summary>
    private static Details Details(Change change, ApiCall call)
    {
        var details = new Details { Id = change.AggregateId, Owner = new Owner { Type = OwnerType.Instance, Id = call.InstanceId } };
        if (change.Exists)
        {
            details.Created = Timestamp.FromDateTimeOffset(change.CreationDate);
            details.Changed = Timestamp.FromDateTimeOffset(change.ChangeDate);
        }
        return details;
    }

    private static GetTarget ToProto(TargetView view, ApiCall call) => new()
    {
        Details = Details(view.Change, call),
        Config = ActionServiceV2.ToDefinition(view).As(Target.Parser),
        SigningKey = view.SigningKey ?? "",
    };
}
