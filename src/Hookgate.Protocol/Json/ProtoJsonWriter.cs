using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Hookgate.Protocol.Json;

/// <summary>
/// Descriptor-driven protojson writer matching protobuf-go (compact): fields in declaration order, unpopulated
/// fields omitted, 64-bit integers quoted, enums by name, well-known types in their special forms.
/// </summary>
internal static class ProtoJsonWriter
{
    public static void WriteMessage(JsonOutput o, IMessage message)
    {
        var plan = MessagePlan.For(message.Descriptor);
        switch (plan.Kind)
        {
            case MessageKind.Regular:
                o.Byte((byte)'{');
                WriteFields(o, message, plan, first: true);
                o.Byte((byte)'}');
                break;
            case MessageKind.Any:
                WriteAny(o, (Any)message);
                break;
            case MessageKind.Timestamp:
                var ts = (Timestamp)message;
                WriteTimestamp(o, ts.Seconds, ts.Nanos);
                break;
            case MessageKind.Duration:
                var d = (Duration)message;
                WriteDuration(o, d.Seconds, d.Nanos);
                break;
            case MessageKind.Wrapper:
                var valueField = plan.Fields[0];
                WriteSingular(o, valueField.Field, valueField.Accessor.GetValue(message));
                break;
            case MessageKind.Struct:
                WriteStruct(o, (Struct)message);
                break;
            case MessageKind.ListValue:
                WriteListValue(o, (ListValue)message);
                break;
            case MessageKind.Value:
                WriteValue(o, (Value)message);
                break;
            case MessageKind.FieldMask:
                WriteFieldMask(o, (FieldMask)message);
                break;
            case MessageKind.Empty:
                o.Raw("{}"u8);
                break;
        }
    }

    /// <summary>Writes the populated fields of a regular message as object members; returns whether any was written.</summary>
    public static bool WriteFields(JsonOutput o, IMessage message, MessagePlan plan, bool first)
    {
        foreach (var field in plan.Fields)
        {
            var value = field.Accessor.GetValue(message);
            if (!IsPopulated(message, field, value))
            {
                continue;
            }

            if (!first)
            {
                o.Byte((byte)',');
            }

            first = false;
            o.Raw(field.PropertyName);
            WriteFieldValue(o, field, value!);
        }

        return !first;
    }

    /// <summary>Writes the JSON value of one populated field (array for repeated, object for map).</summary>
    public static void WriteFieldValue(JsonOutput o, FieldPlan field, object value)
    {
        if (field.IsMap)
        {
            WriteMap(o, field, (IDictionary)value);
        }
        else if (field.IsRepeated)
        {
            var list = (IList)value;
            o.Byte((byte)'[');
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0)
                {
                    o.Byte((byte)',');
                }

                WriteSingular(o, field.Field, list[i]!);
            }

            o.Byte((byte)']');
        }
        else
        {
            WriteSingular(o, field.Field, value);
        }
    }

    /// <summary>Writes one field's JSON value, or its empty/default form when unset (REST response_body).</summary>
    public static void WriteFieldOrDefault(JsonOutput o, IMessage message, FieldPlan field)
    {
        var value = field.Accessor.GetValue(message);
        if (field.IsMap && ((IDictionary)value).Count == 0)
        {
            o.Raw("{}"u8);
        }
        else if (field.IsRepeated && ((IList)value).Count == 0)
        {
            o.Raw("[]"u8);
        }
        else if (value is null)
        {
            o.Raw(field.Type == FieldType.Message && MessagePlan.For(field.Field.MessageType).Kind == MessageKind.Wrapper ? "null"u8 : "{}"u8);
        }
        else
        {
            WriteFieldValue(o, field, value);
        }
    }

    private static bool IsPopulated(IMessage message, FieldPlan field, object? value)
    {
        if (field.IsMap)
        {
            return ((IDictionary)value!).Count > 0;
        }

        if (field.IsRepeated)
        {
            return ((IList)value!).Count > 0;
        }

        if (field.Type is FieldType.Message or FieldType.Group)
        {
            return value is not null;
        }

        if (field.HasPresence)
        {
            return field.Accessor.HasValue(message);
        }

        return field.Type switch
        {
            FieldType.String => ((string)value!).Length > 0,
            FieldType.Bytes => ((ByteString)value!).Length > 0,
            FieldType.Bool => (bool)value!,
            FieldType.Double => BitConverter.DoubleToInt64Bits((double)value!) != 0,
            FieldType.Float => BitConverter.SingleToInt32Bits((float)value!) != 0,
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.Enum => (int)value! != 0,
            FieldType.UInt32 or FieldType.Fixed32 => (uint)value! != 0,
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (long)value! != 0,
            FieldType.UInt64 or FieldType.Fixed64 => (ulong)value! != 0,
            _ => value is not null,
        };
    }

    private static void WriteSingular(JsonOutput o, FieldDescriptor field, object value)
    {
        switch (field.FieldType)
        {
            case FieldType.String:
                o.String((string)value);
                break;
            case FieldType.Bool:
                o.Bool((bool)value);
                break;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                o.Int64((int)value);
                break;
            case FieldType.UInt32 or FieldType.Fixed32:
                o.UInt64((uint)value);
                break;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                o.QuotedInt64((long)value);
                break;
            case FieldType.UInt64 or FieldType.Fixed64:
                o.QuotedUInt64((ulong)value);
                break;
            case FieldType.Double:
                o.Double((double)value, isFloat: false);
                break;
            case FieldType.Float:
                o.Double((float)value, isFloat: true);
                break;
            case FieldType.Bytes:
                o.Base64(((ByteString)value).Span);
                break;
            case FieldType.Enum:
                WriteEnum(o, field.EnumType, (int)value);
                break;
            default:
                if (value is IMessage message)
                {
                    WriteMessage(o, message);
                }
                else
                {
                    // C# exposes wrapper-typed fields (google.protobuf.Int64Value...) as nullable primitives.
                    WriteSingular(o, field.MessageType.FindFieldByNumber(1), value);
                }

                break;
        }
    }

    private static void WriteEnum(JsonOutput o, EnumDescriptor type, int number)
    {
        if (type.FullName == "google.protobuf.NullValue")
        {
            o.Raw("null"u8);
            return;
        }

        var value = type.FindValueByNumber(number);
        if (value is null)
        {
            o.Int64(number);
        }
        else
        {
            o.String(value.Name);
        }
    }

    private static void WriteMap(JsonOutput o, FieldPlan field, IDictionary map)
    {
        var keys = new object[map.Count];
        map.Keys.CopyTo(keys, 0);
        Array.Sort(keys, MapKeyComparer.Instance);
        o.Byte((byte)'{');
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0)
            {
                o.Byte((byte)',');
            }

            WriteMapKey(o, keys[i]);
            o.Byte((byte)':');
            WriteSingular(o, field.MapValue!, map[keys[i]]!);
        }

        o.Byte((byte)'}');
    }

    private static void WriteMapKey(JsonOutput o, object key)
    {
        switch (key)
        {
            case string s:
                o.String(s);
                break;
            case bool b:
                o.Raw(b ? "\"true\""u8 : "\"false\""u8);
                break;
            case int or long:
                o.QuotedInt64(Convert.ToInt64(key, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                o.QuotedUInt64(Convert.ToUInt64(key, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteAny(JsonOutput o, Any any)
    {
        if (any.TypeUrl.Length == 0)
        {
            if (!any.Value.IsEmpty)
            {
                throw new ProtoJsonException("google.protobuf.Any: type_url is not set");
            }

            o.Raw("{}"u8);
            return;
        }

        var type = TypeRegistryStore.FindByUrl(any.TypeUrl)
            ?? throw new ProtoJsonException($"google.protobuf.Any: unable to resolve \"{any.TypeUrl}\": not found");
        IMessage embedded;
        try
        {
            embedded = type.Parser.ParseFrom(any.Value);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ProtoJsonException($"google.protobuf.Any: unable to unmarshal \"{any.TypeUrl}\": {e.Message}", e);
        }

        WriteTypedObject(o, any.TypeUrl, embedded);
    }

    /// <summary>Writes {"@type":url, ...fields} or {"@type":url,"value":wkt} for a message shown as Any.</summary>
    public static void WriteTypedObject(JsonOutput o, string typeUrl, IMessage embedded)
    {
        var plan = MessagePlan.For(embedded.Descriptor);
        o.Raw("{\"@type\":"u8);
        o.String(typeUrl);
        if (plan.Kind == MessageKind.Regular)
        {
            WriteFields(o, embedded, plan, first: false);
        }
        else
        {
            o.Raw(",\"value\":"u8);
            WriteMessage(o, embedded);
        }

        o.Byte((byte)'}');
    }

    private static void WriteTimestamp(JsonOutput o, long seconds, int nanos)
    {
        Span<byte> buffer = stackalloc byte[40];
        var length = WellKnownText.FormatTimestamp(seconds, nanos, buffer);
        o.Byte((byte)'"');
        o.Raw(buffer[..length]);
        o.Byte((byte)'"');
    }

    private static void WriteDuration(JsonOutput o, long seconds, int nanos)
    {
        Span<byte> buffer = stackalloc byte[40];
        var length = WellKnownText.FormatDuration(seconds, nanos, buffer);
        o.Byte((byte)'"');
        o.Raw(buffer[..length]);
        o.Byte((byte)'"');
    }

    private static void WriteStruct(JsonOutput o, Struct value)
    {
        var keys = new string[value.Fields.Count];
        value.Fields.Keys.CopyTo(keys, 0);
        Array.Sort(keys, StringComparer.Ordinal);
        o.Byte((byte)'{');
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0)
            {
                o.Byte((byte)',');
            }

            o.String(keys[i]);
            o.Byte((byte)':');
            WriteValue(o, value.Fields[keys[i]]);
        }

        o.Byte((byte)'}');
    }

    private static void WriteListValue(JsonOutput o, ListValue list)
    {
        o.Byte((byte)'[');
        for (var i = 0; i < list.Values.Count; i++)
        {
            if (i > 0)
            {
                o.Byte((byte)',');
            }

            WriteValue(o, list.Values[i]);
        }

        o.Byte((byte)']');
    }

    private static void WriteValue(JsonOutput o, Value value)
    {
        switch (value.KindCase)
        {
            case Value.KindOneofCase.NullValue:
                o.Raw("null"u8);
                break;
            case Value.KindOneofCase.NumberValue:
                if (!double.IsFinite(value.NumberValue))
                {
                    throw new ProtoJsonException($"google.protobuf.Value.number_value: invalid {value.NumberValue} value");
                }

                o.Double(value.NumberValue, isFloat: false);
                break;
            case Value.KindOneofCase.StringValue:
                o.String(value.StringValue);
                break;
            case Value.KindOneofCase.BoolValue:
                o.Bool(value.BoolValue);
                break;
            case Value.KindOneofCase.StructValue:
                WriteStruct(o, value.StructValue);
                break;
            case Value.KindOneofCase.ListValue:
                WriteListValue(o, value.ListValue);
                break;
            default:
                throw new ProtoJsonException("google.protobuf.Value: none of the oneof fields is set");
        }
    }

    private static void WriteFieldMask(JsonOutput o, FieldMask mask)
    {
        o.Byte((byte)'"');
        for (var i = 0; i < mask.Paths.Count; i++)
        {
            if (i > 0)
            {
                o.Byte((byte)',');
            }

            o.StringContent(WellKnownText.ToJsonPath(mask.Paths[i]));
        }

        o.Byte((byte)'"');
    }

    /// <summary>Go's GenericKeyOrder: false before true, numbers ascending, strings by code point.</summary>
    private sealed class MapKeyComparer : IComparer<object>
    {
        public static readonly MapKeyComparer Instance = new();

        public int Compare(object? x, object? y) => (x, y) switch
        {
            (string a, string b) => string.CompareOrdinal(a, b),
            (bool a, bool b) => a.CompareTo(b),
            (int a, int b) => a.CompareTo(b),
            (long a, long b) => a.CompareTo(b),
            (uint a, uint b) => a.CompareTo(b),
            (ulong a, ulong b) => a.CompareTo(b),
            _ => 0,
        };
    }
}
