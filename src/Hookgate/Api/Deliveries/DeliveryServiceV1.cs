using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Delivery.V1;
using Hookgate.Errors;
using Hookgate.Runtime;
using Hookgate.Runtime.Deliveries;
using Hookgate.Storage;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Hookgate.Api.Deliveries;

/// <summary>hookgate.delivery.v1.DeliveryService: the delivery log, Hookgate's own API, served like the others.</summary>
public sealed class DeliveryServiceV1(DeliveryQueries deliveries)
{
    public static readonly ServiceDescriptor Service = DeliveryServiceReflection.Descriptor.Services[0];

    public IReadOnlyDictionary<string, ApiHandler> Handlers => new HandlerTable()
        .On<ListDeliveriesRequest>("ListDeliveries", ListDeliveries)
        .Handlers;

    private async Task<IMessage> ListDeliveries(ListDeliveriesRequest request, ApiCall call)
    {
        var filters = request.Filters.Select<Hookgate.Delivery.V1.DeliveryFilter, Runtime.Deliveries.DeliveryFilter>(f => f.FilterCase switch
        {
            Hookgate.Delivery.V1.DeliveryFilter.FilterOneofCase.TargetId => new Runtime.Deliveries.DeliveryFilter.OfTarget(f.TargetId),
            Hookgate.Delivery.V1.DeliveryFilter.FilterOneofCase.ExecutionId => new Runtime.Deliveries.DeliveryFilter.OfExecution(f.ExecutionId),
            Hookgate.Delivery.V1.DeliveryFilter.FilterOneofCase.Outcome when System.Enum.IsDefined(f.Outcome) && f.Outcome != Outcome.Unspecified =>
                new Runtime.Deliveries.DeliveryFilter.WithOutcome((DeliveryOutcome)f.Outcome),
            Hookgate.Delivery.V1.DeliveryFilter.FilterOneofCase.Failed when f.Failed => new Runtime.Deliveries.DeliveryFilter.Failed(),
            Hookgate.Delivery.V1.DeliveryFilter.FilterOneofCase.Time => new Runtime.Deliveries.DeliveryFilter.Between(Time(f.Time.After), Time(f.Time.Before)),
            _ => throw ApiError.InvalidArgument("DELIVERY-Filter", "Errors.Delivery.InvalidFilter"),
        }).ToArray();
        var paging = request.Pagination is { } p ? ListQuery.From(p.Offset, p.Limit, p.Asc) : new ListQuery();
        var page = await deliveries.ListAsync(call.InstanceId, paging, filters, call.CancellationToken);
        return new ListDeliveriesResponse
        {
            Pagination = new Zitadel.Filter.V2.PaginationResponse { TotalResult = (ulong)page.TotalResult, AppliedLimit = (ulong)page.AppliedLimit },
            Deliveries =
            {
                page.Items.Select(d => new Delivery.V1.Delivery
                {
                    Id = d.Id,
                    Time = Timestamp.FromDateTimeOffset(d.Time),
                    ExecutionId = d.ExecutionId,
                    FullMethod = d.FullMethod,
                    TargetId = d.TargetId,
                    TargetType = d.TargetType switch
                    {
                        Targets.TargetType.Webhook => TargetType.RestWebhook,
                        Targets.TargetType.Call => TargetType.RestCall,
                        _ => TargetType.RestAsync,
                    },
                    Duration = Duration.FromTimeSpan(d.Duration),
                    Outcome = (Outcome)d.Outcome,
                    StatusCode = d.StatusCode,
                    ErrorId = d.ErrorId,
                    ErrorMessage = d.ErrorMessage,
                    Interrupted = d.Interrupted,
                    Attempt = (uint)d.Attempt,
                }),
            },
        };
    }

    /// <summary>A bound of a time range; an unset or invalid one is refused rather than read as 1970.</summary>
    private static DateTimeOffset? Time(Timestamp? timestamp) =>
        timestamp is null ? null
        : timestamp.Seconds is >= -62_135_596_800 and <= 253_402_300_799 && timestamp.Nanos is >= 0 and < 1_000_000_000 ? timestamp.ToDateTimeOffset()
        : throw ApiError.InvalidArgument("DELIVERY-Time", "Errors.Delivery.InvalidTime");
}
