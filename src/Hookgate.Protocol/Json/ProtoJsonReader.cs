using System.Collections;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Hookgate.Protocol.Json;

/// <summary>
/// Descriptor-driven protojson reader on <see cref="Utf8JsonReader"/>, following protobuf-go's Unmarshal: JSON or
/// proto field names, duplicate fields and second oneof members rejected, null means "unset" (except Value and
/// NullValue), integers from numbers or strings, unknown enum names rejected.
/// </summary>
internal static class ProtoJsonReader
{
    private const int MaxDepth = 100;

    public static IMessage Parse(ReadOnlySpan<byte> json, MessageDescriptor type, bool ignoreUnknownFields)
    {
        var plan = MessagePlan.For(type);
        var message = plan.NewMessage();
        Merge(json, message, plan, ignoreUnknownFields);
        return message;
    }

    /// <summary>Parses <paramref name="json"/> into an existing message.</summary>
    public static void Merge(ReadOnlySpan<byte> json, IMessage message, MessagePlan plan, bool ignoreUnknownFields)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        Run(ref reader, ignoreUnknownFields, message, plan, null);
    }

    /// <summary>Parses <paramref name="json"/> as the JSON value of one field of <paramref name="message"/> (REST body "field").</summary>
    public static void MergeField(ReadOnlySpan<byte> json, IMessage message, FieldPlan field, bool ignoreUnknownFields)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        Run(ref reader, ignoreUnknownFields, message, null, field);
    }

    private static void Run(ref Utf8JsonReader reader, bool ignoreUnknown, IMessage message, MessagePlan? plan, FieldPlan? field)
    {
        try
        {
            if (!reader.Read())
            {
                throw new ProtoJsonException("unexpected end of JSON input");
            }

            if (field is null)
            {
                ReadMessage(ref reader, message, plan!, ignoreUnknown);
            }
            else
            {
                ReadField(ref reader, message, field, ignoreUnknown);
            }

            if (reader.Read())
            {
                throw new ProtoJsonException($"unexpected token {reader.TokenType} after the top-level value");
            }
        }
        catch (JsonException e)
        {
            throw new ProtoJsonException("syntax error: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader reports invalid UTF-8 inside strings this way.
            throw new ProtoJsonException("invalid JSON string: " + e.Message, e);
        }
    }

    private static void ReadMessage(ref Utf8JsonReader r, IMessage message, MessagePlan plan, bool ignoreUnknown)
    {
        switch (plan.Kind)
        {
            case MessageKind.Regular:
                ReadObject(ref r, message, plan, ignoreUnknown, isAny: false);
                break;
            case MessageKind.Any:
                ReadAny(ref r, (Any)message, ignoreUnknown);
                break;
            case MessageKind.Timestamp:
                var ts = (Timestamp)message;
                if (r.TokenType != JsonTokenType.String || !WellKnownText.TryParseTimestamp(GetString(ref r), out var tsSeconds, out var tsNanos))
                {
                    throw Invalid(ref r, "google.protobuf.Timestamp");
                }

                ts.Seconds = tsSeconds;
                ts.Nanos = tsNanos;
                break;
            case MessageKind.Duration:
                var d = (Duration)message;
                if (r.TokenType != JsonTokenType.String || !WellKnownText.TryParseDuration(GetString(ref r), out var dSeconds, out var dNanos))
                {
                    throw Invalid(ref r, "google.protobuf.Duration");
                }

                d.Seconds = dSeconds;
                d.Nanos = dNanos;
                break;
            case MessageKind.Wrapper:
                var valueField = plan.Fields[0];
                valueField.Accessor.SetValue(message, ReadSingular(ref r, valueField.Field, ignoreUnknown));
                break;
            case MessageKind.Struct:
                ReadStruct(ref r, (Struct)message);
                break;
            case MessageKind.ListValue:
                ReadListValue(ref r, (ListValue)message);
                break;
            case MessageKind.Value:
                ReadValue(ref r, (Value)message);
                break;
            case MessageKind.FieldMask:
                ReadFieldMask(ref r, (FieldMask)message);
                break;
            case MessageKind.Empty:
                Expect(ref r, JsonTokenType.StartObject, "google.protobuf.Empty");
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    if (!ignoreUnknown)
                    {
                        throw new ProtoJsonException($"unknown field \"{ProtoJsonErrors.Truncate(r.GetString()!)}\" in google.protobuf.Empty");
                    }

                    r.Read();
                    r.Skip();
                }

                break;
        }
    }

    private static void ReadObject(ref Utf8JsonReader r, IMessage message, MessagePlan plan, bool ignoreUnknown, bool isAny)
    {
        Expect(ref r, JsonTokenType.StartObject, plan.Descriptor.FullName);
        var seenFields = 0UL;
        var seenOneofs = 0UL;
        var seenLarge = plan.Fields.Length > 64 ? new bool[plan.Fields.Length] : null;
        Span<char> nameBuffer = stackalloc char[128];
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<char> name = r.ValueSpan.Length <= nameBuffer.Length ? nameBuffer[..r.CopyString(nameBuffer)] : r.GetString();
            if (isAny && name is "@type")
            {
                r.Read();
                continue;
            }

            var field = plan.Find(name);
            if (field is null)
            {
                if (!ignoreUnknown)
                {
                    throw new ProtoJsonException($"unknown field \"{ProtoJsonErrors.Truncate(name.ToString())}\" in {plan.Descriptor.FullName}");
                }

                r.Read();
                r.Skip();
                continue;
            }

            if (seenLarge is null ? (seenFields & (1UL << field.Index)) != 0 : seenLarge[field.Index])
            {
                throw new ProtoJsonException($"duplicate field \"{name}\" in {plan.Descriptor.FullName}");
            }

            if (seenLarge is null)
            {
                seenFields |= 1UL << field.Index;
            }
            else
            {
                seenLarge[field.Index] = true;
            }

            r.Read();
            if (r.TokenType == JsonTokenType.Null && !(field.IsValueMessage && !field.IsRepeated && !field.IsMap) && !field.IsNullValueEnum)
            {
                continue;
            }

            if (field.Oneof is { } oneof && !field.IsRepeated && !field.IsMap && oneof.Index < 64)
            {
                if ((seenOneofs & (1UL << oneof.Index)) != 0)
                {
                    throw new ProtoJsonException($"error parsing \"{name}\", oneof {oneof.FullName} is already set");
                }

                seenOneofs |= 1UL << oneof.Index;
            }

            ReadField(ref r, message, field, ignoreUnknown);
        }
    }

    private static void ReadField(ref Utf8JsonReader r, IMessage message, FieldPlan field, bool ignoreUnknown)
    {
        if (field.IsMap)
        {
            ReadMap(ref r, (IDictionary)field.Accessor.GetValue(message), field, ignoreUnknown);
        }
        else if (field.IsRepeated)
        {
            var list = (IList)field.Accessor.GetValue(message);
            if (r.TokenType == JsonTokenType.Null)
            {
                return;
            }

            Expect(ref r, JsonTokenType.StartArray, field.Field.Name);
            while (r.Read() && r.TokenType != JsonTokenType.EndArray)
            {
                list.Add(ReadSingular(ref r, field.Field, ignoreUnknown));
            }
        }
        else
        {
            field.Accessor.SetValue(message, ReadSingular(ref r, field.Field, ignoreUnknown));
        }
    }

    private static void ReadMap(ref Utf8JsonReader r, IDictionary map, FieldPlan field, bool ignoreUnknown)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return;
        }

        Expect(ref r, JsonTokenType.StartObject, field.Field.Name);
        var keyField = field.MapKey!;
        var valueField = field.MapValue!;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var keyText = r.GetString()!;
            var key = ParseMapKey(keyText, keyField)
                ?? throw new ProtoJsonException($"invalid map key \"{ProtoJsonErrors.Truncate(keyText)}\" for field {field.Field.JsonName}");
            if (map.Contains(key))
            {
                throw new ProtoJsonException($"duplicate map key \"{ProtoJsonErrors.Truncate(keyText)}\" in field {field.Field.JsonName}");
            }

            r.Read();
            map[key] = ReadSingular(ref r, valueField, ignoreUnknown);
        }
    }

    private static object? ParseMapKey(string text, FieldDescriptor keyField)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var style = System.Globalization.NumberStyles.AllowLeadingSign;
        return keyField.FieldType switch
        {
            FieldType.String => text,
            FieldType.Bool => text switch { "true" => true, "false" => false, _ => null },
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.TryParse(text, style, c, out var i) ? i : null,
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.TryParse(text, style, c, out var l) ? l : null,
            FieldType.UInt32 or FieldType.Fixed32 => uint.TryParse(text, style, c, out var u) ? u : null,
            FieldType.UInt64 or FieldType.Fixed64 => ulong.TryParse(text, style, c, out var ul) ? ul : null,
            _ => null,
        };
    }

    /// <summary>Reads one non-repeated value of the field's type; the reader is on the value's first token.</summary>
    private static object ReadSingular(ref Utf8JsonReader r, FieldDescriptor field, bool ignoreUnknown)
    {
        switch (field.FieldType)
        {
            case FieldType.String:
                return r.TokenType == JsonTokenType.String ? r.GetString()! : throw Invalid(ref r, field);
            case FieldType.Bool:
                return r.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw Invalid(ref r, field),
                };
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return ReadInteger(ref r, field, out var i32, out _, isUnsigned: false) && i32 is >= int.MinValue and <= int.MaxValue
                    ? (int)i32 : throw Invalid(ref r, field);
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return ReadInteger(ref r, field, out var i64, out _, isUnsigned: false) ? i64 : throw Invalid(ref r, field);
            case FieldType.UInt32 or FieldType.Fixed32:
                return ReadInteger(ref r, field, out _, out var u32, isUnsigned: true) && u32 <= uint.MaxValue
                    ? (uint)u32 : throw Invalid(ref r, field);
            case FieldType.UInt64 or FieldType.Fixed64:
                return ReadInteger(ref r, field, out _, out var u64, isUnsigned: true) ? u64 : throw Invalid(ref r, field);
            case FieldType.Double:
                return ReadFloat(ref r, isFloat: false, out var dbl) ? dbl : throw Invalid(ref r, field);
            case FieldType.Float:
                return ReadFloat(ref r, isFloat: true, out var flt) ? (float)flt : throw Invalid(ref r, field);
            case FieldType.Bytes:
                return r.TokenType == JsonTokenType.String && TryDecodeBase64(GetString(ref r), out var bytes) ? bytes : throw Invalid(ref r, field);
            case FieldType.Enum:
                return ReadEnum(ref r, field);
            default:
                if (MessagePlan.For(field.MessageType).Kind == MessageKind.Wrapper)
                {
                    // C# exposes wrapper-typed fields as nullable primitives: read the primitive itself.
                    return ReadSingular(ref r, field.MessageType.FindFieldByNumber(1), ignoreUnknown);
                }

                var plan = MessagePlan.For(field.MessageType);
                var message = plan.NewMessage();
                ReadMessage(ref r, message, plan, ignoreUnknown);
                return message;
        }
    }

    private static object ReadEnum(ref Utf8JsonReader r, FieldDescriptor field)
    {
        var type = field.EnumType;
        int number;
        switch (r.TokenType)
        {
            case JsonTokenType.String:
                Span<char> buffer = stackalloc char[128];
                ReadOnlySpan<char> name = r.ValueSpan.Length <= buffer.Length ? buffer[..r.CopyString(buffer)] : GetString(ref r);
                var value = FindEnumValue(type, name) ?? throw Invalid(ref r, field);
                number = value.Number;
                break;
            case JsonTokenType.Number when JsonNumbers.TryParseInteger(r.ValueSpan, unsigned: false, out var n, out _) && n is >= int.MinValue and <= int.MaxValue:
                number = (int)n;
                break;
            case JsonTokenType.Null when type.FullName == "google.protobuf.NullValue":
                number = 0;
                break;
            default:
                throw Invalid(ref r, field);
        }

        // A boxed int is accepted for enum fields: the CLR unboxes it as the generated enum type.
        return number;
    }

    private static EnumValueDescriptor? FindEnumValue(EnumDescriptor type, ReadOnlySpan<char> name)
    {
        foreach (var value in type.Values)
        {
            if (name.SequenceEqual(value.Name))
            {
                return value;
            }
        }

        return null;
    }

    private static bool ReadInteger(ref Utf8JsonReader r, FieldDescriptor field, out long signed, out ulong unsigned, bool isUnsigned)
    {
        signed = 0;
        unsigned = 0;
        if (r.TokenType == JsonTokenType.Number)
        {
            return JsonNumbers.TryParseInteger(r.ValueSpan, isUnsigned, out signed, out unsigned);
        }

        if (r.TokenType != JsonTokenType.String)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[64];
        ReadOnlySpan<byte> text = !r.ValueIsEscaped ? r.ValueSpan : r.ValueSpan.Length <= buffer.Length ? buffer[..r.CopyString(buffer)] : default;
        return !text.IsEmpty && JsonNumbers.TryParseInteger(text, isUnsigned, out signed, out unsigned);
    }

    private static bool ReadFloat(ref Utf8JsonReader r, bool isFloat, out double value)
    {
        value = 0;
        if (r.TokenType == JsonTokenType.Number)
        {
            return JsonNumbers.TryParseDouble(r.ValueSpan, isFloat, out value);
        }

        if (r.TokenType != JsonTokenType.String)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[64];
        ReadOnlySpan<byte> text = !r.ValueIsEscaped ? r.ValueSpan : r.ValueSpan.Length <= buffer.Length ? buffer[..r.CopyString(buffer)] : default;

        if (text.SequenceEqual("NaN"u8))
        {
            value = double.NaN;
            return true;
        }

        if (text.SequenceEqual("Infinity"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (text.SequenceEqual("-Infinity"u8))
        {
            value = double.NegativeInfinity;
            return true;
        }

        return JsonNumbers.TryParseDouble(text, isFloat, out value);
    }

    public static bool TryDecodeBase64(ReadOnlySpan<char> text, out ByteString bytes)
    {
        bytes = ByteString.Empty;
        var urlSafe = text.IndexOfAny('-', '_') >= 0;
        var padded = text.Length % 4 == 0;
        if (!urlSafe && padded)
        {
            var buffer = new byte[text.Length / 4 * 3];
            if (!Convert.TryFromBase64Chars(text, buffer, out var written))
            {
                return false;
            }

            bytes = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, written));
            return true;
        }

        // URL-safe and/or unpadded: normalise to the padded standard alphabet, refusing mixed/invalid padding.
        if (text.Length % 4 == 1 || !padded && text.Contains('=') || urlSafe && (text.Contains('+') || text.Contains('/')))
        {
            return false;
        }

        var normal = new char[(text.Length + 3) / 4 * 4];
        for (var i = 0; i < normal.Length; i++)
        {
            normal[i] = i >= text.Length ? '=' : text[i] switch { '-' => '+', '_' => '/', var c => c };
        }

        var result = new byte[normal.Length / 4 * 3];
        if (!Convert.TryFromBase64Chars(normal, result, out var count))
        {
            return false;
        }

        bytes = UnsafeByteOperations.UnsafeWrap(result.AsMemory(0, count));
        return true;
    }

    private static void ReadAny(ref Utf8JsonReader r, Any any, bool ignoreUnknown)
    {
        Expect(ref r, JsonTokenType.StartObject, "google.protobuf.Any");
        var probe = r;
        string? typeUrl = null;
        var members = 0;
        while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            members++;
            if (!probe.ValueTextEquals("@type"u8))
            {
                probe.Read();
                probe.Skip();
                continue;
            }

            if (typeUrl is not null)
            {
                throw new ProtoJsonException("duplicate \"@type\" field in google.protobuf.Any");
            }

            probe.Read();
            if (probe.TokenType != JsonTokenType.String || (typeUrl = probe.GetString()!).Length == 0)
            {
                throw new ProtoJsonException("invalid \"@type\" value in google.protobuf.Any");
            }
        }

        if (typeUrl is null)
        {
            if (members > 0 && !ignoreUnknown)
            {
                throw new ProtoJsonException("missing \"@type\" field in google.protobuf.Any");
            }

            r.Skip();
            return;
        }

        var type = TypeRegistryStore.FindByUrl(typeUrl)
            ?? throw new ProtoJsonException($"unable to resolve \"{ProtoJsonErrors.Truncate(typeUrl)}\" in google.protobuf.Any");
        var plan = MessagePlan.For(type);
        var embedded = plan.NewMessage();
        if (plan.Kind == MessageKind.Regular)
        {
            ReadObject(ref r, embedded, plan, ignoreUnknown, isAny: true);
        }
        else
        {
            var found = false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("@type"u8))
                {
                    r.Read();
                }
                else if (r.ValueTextEquals("value"u8))
                {
                    if (found)
                    {
                        throw new ProtoJsonException("duplicate \"value\" field in google.protobuf.Any");
                    }

                    found = true;
                    r.Read();
                    ReadMessage(ref r, embedded, plan, ignoreUnknown);
                }
                else if (ignoreUnknown)
                {
                    r.Read();
                    r.Skip();
                }
                else
                {
                    throw new ProtoJsonException($"unknown field \"{ProtoJsonErrors.Truncate(r.GetString()!)}\" in google.protobuf.Any");
                }
            }

            if (!found)
            {
                throw new ProtoJsonException("missing \"value\" field in google.protobuf.Any");
            }
        }

        any.TypeUrl = typeUrl;
        any.Value = embedded.ToByteString();
    }

    private static void ReadStruct(ref Utf8JsonReader r, Struct value)
    {
        Expect(ref r, JsonTokenType.StartObject, "google.protobuf.Struct");
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var key = r.GetString()!;
            if (value.Fields.ContainsKey(key))
            {
                throw new ProtoJsonException($"duplicate map key \"{ProtoJsonErrors.Truncate(key)}\" in google.protobuf.Struct");
            }

            r.Read();
            var item = new Value();
            ReadValue(ref r, item);
            value.Fields[key] = item;
        }
    }

    private static void ReadListValue(ref Utf8JsonReader r, ListValue list)
    {
        Expect(ref r, JsonTokenType.StartArray, "google.protobuf.ListValue");
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            var item = new Value();
            ReadValue(ref r, item);
            list.Values.Add(item);
        }
    }

    private static void ReadValue(ref Utf8JsonReader r, Value value)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.Null:
                value.NullValue = NullValue.NullValue;
                break;
            case JsonTokenType.True:
                value.BoolValue = true;
                break;
            case JsonTokenType.False:
                value.BoolValue = false;
                break;
            case JsonTokenType.Number:
                value.NumberValue = JsonNumbers.TryParseDouble(r.ValueSpan, isFloat: false, out var number)
                    ? number : throw Invalid(ref r, "google.protobuf.Value");
                break;
            case JsonTokenType.String:
                value.StringValue = r.GetString()!;
                break;
            case JsonTokenType.StartObject:
                var structValue = new Struct();
                ReadStruct(ref r, structValue);
                value.StructValue = structValue;
                break;
            case JsonTokenType.StartArray:
                var listValue = new ListValue();
                ReadListValue(ref r, listValue);
                value.ListValue = listValue;
                break;
            default:
                throw Invalid(ref r, "google.protobuf.Value");
        }
    }

    private static void ReadFieldMask(ref Utf8JsonReader r, FieldMask mask)
    {
        if (r.TokenType != JsonTokenType.String)
        {
            throw Invalid(ref r, "google.protobuf.FieldMask");
        }

        var text = r.GetString()!.Trim();
        if (text.Length == 0)
        {
            return;
        }

        foreach (var part in text.Split(','))
        {
            if (!WellKnownText.TryFromJsonPath(part, out var path))
            {
                throw new ProtoJsonException($"google.protobuf.FieldMask.paths contains invalid path: \"{ProtoJsonErrors.Truncate(part)}\"");
            }

            mask.Paths.Add(path);
        }
    }

    private static string GetString(ref Utf8JsonReader r) => r.GetString()!;

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type, string what)
    {
        if (r.TokenType != type)
        {
            throw new ProtoJsonException($"unexpected token {Describe(ref r)}, expected {(type == JsonTokenType.StartArray ? "array" : "object")} for {what}");
        }
    }

    private static ProtoJsonException Invalid(ref Utf8JsonReader r, FieldDescriptor field) =>
        new($"invalid value for {TypeName(field)} field {field.JsonName}: {Describe(ref r)}");

    private static ProtoJsonException Invalid(ref Utf8JsonReader r, string type) => new($"invalid {type}: {Describe(ref r)}");

    private static string TypeName(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Enum => field.EnumType.FullName,
        FieldType.Message or FieldType.Group => field.MessageType.FullName,
        _ => field.FieldType.ToString().ToLowerInvariant(),
    };

    private static string Describe(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.String => "\"" + ProtoJsonErrors.Truncate(r.GetString()!) + "\"",
        JsonTokenType.Number => ProtoJsonErrors.Truncate(Encoding.UTF8.GetString(r.ValueSpan)),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "{",
        JsonTokenType.StartArray => "[",
        _ => r.TokenType.ToString(),
    };
}
