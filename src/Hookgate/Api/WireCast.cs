using Google.Protobuf;
using Hookgate.Api.V2;
using Hookgate.Executions;

namespace Hookgate.Api;

/// <summary>
/// Reads a message as another generation's message with the same field numbers. The ActionService
/// generations share the shape of conditions (and of most target requests), so each shape is mapped to the core
/// once, in the v2 adapter, and the other generations reach it through here instead of repeating the mapping.
/// </summary>
public static class WireCast
{
    public static T As<T>(this IMessage message, MessageParser<T> parser) where T : IMessage<T> =>
        parser.ParseFrom(message.ToByteString());

    /// <summary>Any generation's Condition as a core condition (v2's rules, ZITADEL's command-level errors).</summary>
    public static Condition ToCondition(this IMessage? condition) =>
        ActionServiceV2.FromProto(condition?.As(Zitadel.Action.V2.Condition.Parser));

    /// <summary>A core condition as a generation's Condition message.</summary>
    public static T ToCondition<T>(this Condition condition, MessageParser<T> parser) where T : IMessage<T> =>
        ActionServiceV2.ToProto(condition).As(parser);
}
