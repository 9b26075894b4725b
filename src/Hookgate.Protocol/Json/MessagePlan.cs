using System.Collections.Concurrent;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Hookgate.Protocol.Json;

/// <summary>How a message type is rendered in JSON.</summary>
internal enum MessageKind
{
    Regular,
    Any,
    Timestamp,
    Duration,
    Wrapper,
    Struct,
    ListValue,
    Value,
    FieldMask,
    Empty,
}

/// <summary>Per-message-type data precomputed once: fields in declaration order, JSON names, lookups.</summary>
internal sealed class MessagePlan
{
    private static readonly ConcurrentDictionary<MessageDescriptor, MessagePlan> Plans = new();

    private readonly Dictionary<string, FieldPlan> _byName;
    private readonly Dictionary<string, FieldPlan>.AlternateLookup<ReadOnlySpan<char>> _byNameSpan;

    private MessagePlan(MessageDescriptor descriptor)
    {
        Descriptor = descriptor;
        Kind = KindOf(descriptor.FullName);
        var fields = descriptor.Fields.InDeclarationOrder();
        Fields = new FieldPlan[fields.Count];
        _byName = new Dictionary<string, FieldPlan>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var plan = new FieldPlan(fields[i], i);
            Fields[i] = plan;
            _byName.TryAdd(fields[i].JsonName, plan);
            _byName.TryAdd(fields[i].Name, plan);
        }

        _byNameSpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
        Parser = descriptor.Parser;
    }

    public MessageDescriptor Descriptor { get; }

    public MessageKind Kind { get; }

    public FieldPlan[] Fields { get; }

    public MessageParser Parser { get; }

    public static MessagePlan For(MessageDescriptor descriptor) =>
        Plans.TryGetValue(descriptor, out var plan) ? plan : Plans.GetOrAdd(descriptor, static d => new MessagePlan(d));

    /// <summary>Finds a field by JSON name or proto name.</summary>
    public FieldPlan? Find(ReadOnlySpan<char> name) => _byNameSpan.TryGetValue(name, out var plan) ? plan : null;

    public IMessage NewMessage() => Parser.ParseFrom(ReadOnlySpan<byte>.Empty);

    private static MessageKind KindOf(string fullName) => fullName switch
    {
        "google.protobuf.Any" => MessageKind.Any,
        "google.protobuf.Timestamp" => MessageKind.Timestamp,
        "google.protobuf.Duration" => MessageKind.Duration,
        "google.protobuf.BoolValue" or "google.protobuf.Int32Value" or "google.protobuf.Int64Value"
            or "google.protobuf.UInt32Value" or "google.protobuf.UInt64Value" or "google.protobuf.FloatValue"
            or "google.protobuf.DoubleValue" or "google.protobuf.StringValue" or "google.protobuf.BytesValue" => MessageKind.Wrapper,
        "google.protobuf.Struct" => MessageKind.Struct,
        "google.protobuf.ListValue" => MessageKind.ListValue,
        "google.protobuf.Value" => MessageKind.Value,
        "google.protobuf.FieldMask" => MessageKind.FieldMask,
        "google.protobuf.Empty" => MessageKind.Empty,
        _ => MessageKind.Regular,
    };
}

/// <summary>Per-field data precomputed once.</summary>
internal sealed class FieldPlan
{
    private MessagePlan? _messagePlan;
    private MessagePlan? _mapValuePlan;

    public FieldPlan(FieldDescriptor field, int index)
    {
        Field = field;
        Index = index;
        Accessor = field.Accessor;
        Type = field.FieldType;
        IsMap = field.IsMap;
        IsRepeated = field.IsRepeated && !field.IsMap;
        HasPresence = field.HasPresence;
        Oneof = field.ContainingOneof;
        PropertyName = Encoding.UTF8.GetBytes("\"" + field.JsonName + "\":");
        IsNullValueEnum = Type == FieldType.Enum && field.EnumType.FullName == "google.protobuf.NullValue";
        IsValueMessage = Type == FieldType.Message && field.MessageType.FullName == "google.protobuf.Value";
        if (IsMap)
        {
            MapKey = field.MessageType.FindFieldByNumber(1);
            MapValue = field.MessageType.FindFieldByNumber(2);
        }
    }

    public FieldDescriptor Field { get; }

    public int Index { get; }

    public IFieldAccessor Accessor { get; }

    public FieldType Type { get; }

    public bool IsMap { get; }

    public bool IsRepeated { get; }

    public bool HasPresence { get; }

    public OneofDescriptor? Oneof { get; }

    /// <summary>UTF-8 of "jsonName": ready to copy into the output.</summary>
    public byte[] PropertyName { get; }

    public bool IsNullValueEnum { get; }

    /// <summary>Singular or repeated google.protobuf.Value: JSON null is a value, not "unset".</summary>
    public bool IsValueMessage { get; }

    public FieldDescriptor? MapKey { get; }

    public FieldDescriptor? MapValue { get; }

    public MessagePlan MessagePlan => _messagePlan ??= MessagePlan.For(Field.MessageType);

    public MessagePlan MapValuePlan => _mapValuePlan ??= MessagePlan.For(MapValue!.MessageType);
}
