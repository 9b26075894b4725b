using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Api.ResourcesV3Alpha;
using Hookgate.Api.V2;
using Hookgate.Api.Validation;
using Hookgate.Errors;
using Hookgate.Executions;
using Hookgate.Storage;
using Hookgate.Targets;
using Zitadel.Action.V3Alpha;
using Zitadel.Object.V2;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using TargetType = Hookgate.Targets.TargetType;

namespace Hookgate.Api.V3Alpha;

/// <summary>
/// zitadel.action.v3alpha.ActionService, the first generation (REST under /v3alpha): translation only. Its
/// differences are its shapes (details with a sequence, includes in execution lists) and the few rules of its
/// time that this adapter states: a required positive timeout and absolute endpoint (its validator), an
/// execution needs at least one entry, deletes of unknown objects are NotFound, limit 0 means no limit.
/// </summary>
public sealed class ActionServiceV3Alpha(TargetCommands targets, TargetQueries targetQueries, ExecutionCommands executions, ExecutionQueries executionQueries, ExecutionCatalog catalog, TimeProvider time)
{
    public static readonly ServiceDescriptor Service = ActionServiceReflection.Descriptor.Services[0];

    private readonly ProtoValidator _validator = ActionRules.FirstGeneration(
        [ActionServiceReflection.Descriptor, QueryReflection.Descriptor, ExecutionReflection.Descriptor]);

    public IReadOnlyDictionary<string, ApiHandler> Handlers => new HandlerTable()
        .On<CreateTargetRequest>("CreateTarget", CreateTarget)
        .On<UpdateTargetRequest>("UpdateTarget", UpdateTarget)
        .On<DeleteTargetRequest>("DeleteTarget", DeleteTarget)
        .On<ListTargetsRequest>("ListTargets", ListTargets)
        .On<GetTargetByIDRequest>("GetTargetByID", GetTargetById)
        .On<SetExecutionRequest>("SetExecution", SetExecution)
        .On<DeleteExecutionRequest>("DeleteExecution", DeleteExecution)
        .On<ListExecutionsRequest>("ListExecutions", ListExecutions)
        .On<ListExecutionFunctionsRequest>("ListExecutionFunctions", (_, _) => Task.FromResult<IMessage>(new ListExecutionFunctionsResponse { Functions = { ExecutionCatalog.AllFunctions } }))
        .On<ListExecutionMethodsRequest>("ListExecutionMethods", (_, _) => Task.FromResult<IMessage>(new ListExecutionMethodsResponse { Methods = { catalog.Methods } }))
        .On<ListExecutionServicesRequest>("ListExecutionServices", (_, _) => Task.FromResult<IMessage>(new ListExecutionServicesResponse { Services = { catalog.Services } }))
        .Handlers;

    private async Task<IMessage> CreateTarget(CreateTargetRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var created = await targets.CreateAsync(call.InstanceId, call.UserId,
            ActionServiceV2.ToCommand(request.As(Zitadel.Action.V2.CreateTargetRequest.Parser)), call.CancellationToken);
        return new CreateTargetResponse { Id = created.Id, Details = Details(created.Change, call) };
    }

    private async Task<IMessage> UpdateTarget(UpdateTargetRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var updated = await targets.UpdateAsync(call.InstanceId, call.UserId,
            ActionServiceV2.ToCommand(request.As(Zitadel.Action.V2.UpdateTargetRequest.Parser)), call.CancellationToken);
        return new UpdateTargetResponse { Details = Details(updated.Change, call) };
    }

    private async Task<IMessage> DeleteTarget(DeleteTargetRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var deleted = await targets.DeleteAsync(call.InstanceId, call.UserId, request.TargetId, call.CancellationToken, mustExist: true);
        return new DeleteTargetResponse { Details = Details(deleted, call) };
    }

    private async Task<IMessage> GetTargetById(GetTargetByIDRequest request, ApiCall call)
    {
        _validator.Validate(request);
        return new GetTargetByIDResponse { Target = ToProto(await targetQueries.GetAsync(call.InstanceId, request.TargetId, call.CancellationToken), call) };
    }

    private async Task<IMessage> ListTargets(ListTargetsRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var filters = request.Queries.Select(q => ActionServiceV2.ToFilter(q.As(Zitadel.Action.V2.TargetSearchFilter.Parser))).ToArray();
        var sort = request.SortingColumn switch
        {
            TargetFieldName.FieldNameCreationDate => TargetSort.CreationDate,
            TargetFieldName.FieldNameChangeDate => TargetSort.ChangeDate,
            TargetFieldName.FieldNameName => TargetSort.Name,
            TargetFieldName.FieldNameTargetType => TargetSort.TargetType,
            TargetFieldName.FieldNameUrl => TargetSort.Endpoint,
            TargetFieldName.FieldNameTimeout => TargetSort.Timeout,
            TargetFieldName.FieldNameInterruptOnError => TargetSort.InterruptOnError,
            _ => TargetSort.Id,
        };
        var page = await targetQueries.ListAsync(call.InstanceId, Paging(request.Query), sort, filters, call.CancellationToken);
        return new ListTargetsResponse { Details = ListDetails(page), Result = { page.Items.Select(t => ToProto(t, call)) } };
    }

    private async Task<IMessage> SetExecution(SetExecutionRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var condition = request.Condition.ToCondition();
        var entries = request.Targets.Select(t => t.TypeCase switch
        {
            ExecutionTargetType.TypeOneofCase.Target => new ExecutionEntry(t.Target, null),
            ExecutionTargetType.TypeOneofCase.Include => new ExecutionEntry(null, t.Include.ToCondition()),
            _ => new ExecutionEntry(null, null),
        }).ToArray();
        var set = await executions.SetAsync(call.InstanceId, call.UserId, condition, entries, call.CancellationToken, requireEntries: true);
        return new SetExecutionResponse { Details = Details(set, call) };
    }

    private async Task<IMessage> DeleteExecution(DeleteExecutionRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var removed = await executions.RemoveAsync(call.InstanceId, call.UserId, request.Condition.ToCondition(), call.CancellationToken);
        return new DeleteExecutionResponse { Details = Details(removed, call) };
    }

    private async Task<IMessage> ListExecutions(ListExecutionsRequest request, ApiCall call)
    {
        _validator.Validate(request);
        var filters = request.Queries.Select(q => ZitadelActionsV3Alpha.ToFilter(q.As(Zitadel.Resources.Action.V3Alpha.ExecutionSearchFilter.Parser))).ToArray();
        var page = await executionQueries.ListAsync(call.InstanceId, Paging(request.Query), ExecutionSort.CreationDate, filters, withIncludes: true, call.CancellationToken);
        return new ListExecutionsResponse
        {
            Details = ListDetails(page),
            Result =
            {
                page.Items.Select(e => new Execution
                {
                    Condition = e.Condition.ToCondition(Zitadel.Action.V3Alpha.Condition.Parser),
                    Details = Details(e.Change, call),
                    Targets =
                    {
                        e.Entries.Select(entry => entry.TargetId is { } id
                            ? new ExecutionTargetType { Target = id }
                            : new ExecutionTargetType { Include = entry.Include!.ToCondition(Zitadel.Action.V3Alpha.Condition.Parser) }),
                    },
                }),
            },
        };
    }

    /// <summary>This generation's paging: limit 0 means no limit, descending unless asked otherwise.</summary>
    private static Storage.ListQuery Paging(Zitadel.Object.V2.ListQuery? query) => query is null
        ? new Storage.ListQuery(0, int.MaxValue)
        : new Storage.ListQuery((long)Math.Min(query.Offset, long.MaxValue), query.Limit == 0 ? int.MaxValue : (int)Math.Min(query.Limit, int.MaxValue), query.Asc);

    private ListDetails ListDetails<T>(Page<T> page) =>
        new() { TotalResult = (ulong)page.TotalResult, Timestamp = Timestamp.FromDateTimeOffset(time.GetUtcNow()) };

    private static Details Details(Change change, ApiCall call)
    {
        var details = new Details { Sequence = (ulong)change.Sequence, ResourceOwner = call.InstanceId };
        if (change.Exists)
        {
            details.ChangeDate = Timestamp.FromDateTimeOffset(change.ChangeDate);
        }
        return details;
    }

    private static Target ToProto(TargetView view, ApiCall call)
    {
        var target = new Target { TargetId = view.Id, Details = Details(view.Change, call), Name = view.Name, Timeout = Duration.FromTimeSpan(view.Timeout), Endpoint = view.Endpoint };
        switch (view.Type)
        {
            case TargetType.Webhook:
                target.RestWebhook = new SetRESTWebhook { InterruptOnError = view.InterruptOnError };
                break;
            case TargetType.Call:
                target.RestCall = new SetRESTCall { InterruptOnError = view.InterruptOnError };
                break;
            default:
                target.RestAsync = new SetRESTAsync();
                break;
        }
        return target;
    }
}
