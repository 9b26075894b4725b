using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Protocol.Json;

namespace Hookgate.Protocol.Rest;

/// <summary>
/// Sets fields from REST path and query text, like grpc-gateway's runtime.PopulateFieldFromPath /
/// PopulateQueryParameters: Go's strconv rules for scalars, enum names or numbers, RFC 3339 timestamps, durations,
/// wrappers, comma-separated field masks. Throws <see cref="FormatException"/> naming the field.
/// </summary>
internal static class FieldValueParser
{
    /// <summary>Walks (creating sub-messages) to the last field of <paramref name="path"/> and sets or appends the value.</summary>
    public static void Assign(IMessage root, ReadOnlySpan<FieldPlan> path, string text, string? mapKey, List<(IMessage, FieldDescriptor)>? assigned)
    {
        var target = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            var step = path[i];
            if (step.Accessor.GetValue(target) is not IMessage child)
            {
                child = step.MessagePlan.NewMessage();
                step.Accessor.SetValue(target, child);
            }

            target = child;
        }

        var leaf = path[^1];
        if (leaf.IsMap)
        {
            if (mapKey is null)
            {
                throw new FormatException("map field " + leaf.Field.Name + " needs the name[key]=value form");
            }

            var key = Parse(leaf.MapKey!, mapKey);
            ((IDictionary)leaf.Accessor.GetValue(target))[key] = Parse(leaf.MapValue!, text);
            return;
        }

        if (leaf.IsRepeated)
        {
            ((IList)leaf.Accessor.GetValue(target)).Add(Parse(leaf.Field, text));
            return;
        }

        if (assigned is not null)
        {
            foreach (var (message, field) in assigned)
            {
                if (ReferenceEquals(message, target) && field == leaf.Field)
                {
                    throw new FormatException("too many values for field " + leaf.Field.Name);
                }
            }

            assigned.Add((target, leaf.Field));
        }

        if (leaf.Field.RealContainingOneof is { } oneof && oneof.Accessor.GetCaseFieldDescriptor(target) is { } current && current != leaf.Field)
        {
            throw new FormatException("field " + leaf.Field.Name + " conflicts with " + current.Name + " in oneof " + oneof.Name);
        }

        leaf.Accessor.SetValue(target, Parse(leaf.Field, text));
    }

    public static object Parse(FieldDescriptor field, string text)
    {
        var c = CultureInfo.InvariantCulture;
        var signed = NumberStyles.AllowLeadingSign;
        switch (field.FieldType)
        {
            case FieldType.String:
                return text;
            case FieldType.Bool:
                return text switch
                {
                    "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
                    "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
                    _ => throw Invalid(field, text),
                };
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return int.TryParse(text, signed, c, out var i32) ? i32 : throw Invalid(field, text);
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return long.TryParse(text, signed, c, out var i64) ? i64 : throw Invalid(field, text);
            case FieldType.UInt32 or FieldType.Fixed32:
                return uint.TryParse(text, NumberStyles.None, c, out var u32) ? u32 : throw Invalid(field, text);
            case FieldType.UInt64 or FieldType.Fixed64:
                return ulong.TryParse(text, NumberStyles.None, c, out var u64) ? u64 : throw Invalid(field, text);
            case FieldType.Double:
                return ParseFloat(text, out var d) ? d : throw Invalid(field, text);
            case FieldType.Float:
                return ParseFloat(text, out var f) && (float.IsFinite((float)f) || !double.IsFinite(f)) ? (float)f : throw Invalid(field, text);
            case FieldType.Bytes:
                return ProtoJsonReader.TryDecodeBase64(text, out var bytes) ? bytes : throw Invalid(field, text);
            case FieldType.Enum:
                var named = field.EnumType.FindValueByName(text);
                if (named is null && int.TryParse(text, signed, c, out var number))
                {
                    named = field.EnumType.FindValueByNumber(number);
                }

                return named is null ? throw Invalid(field, text) : named.Number;
            default:
                return ParseMessage(field, text);
        }
    }

    private static object ParseMessage(FieldDescriptor field, string text)
    {
        var plan = MessagePlan.For(field.MessageType);
        switch (plan.Kind)
        {
            case MessageKind.Timestamp:
                return WellKnownText.TryParseTimestamp(text, out var seconds, out var nanos)
                    ? new Timestamp { Seconds = seconds, Nanos = nanos }
                    : throw Invalid(field, text);
            case MessageKind.Duration:
                return WellKnownText.TryParseDuration(text, out var ds, out var dn) || WellKnownText.TryParseGoDuration(text, out ds, out dn)
                    ? new Duration { Seconds = ds, Nanos = dn }
                    : throw Invalid(field, text);
            case MessageKind.Wrapper:
                // C# exposes wrapper-typed fields as nullable primitives.
                return Parse(field.MessageType.FindFieldByNumber(1), text);
            case MessageKind.FieldMask:
                var mask = new FieldMask();
                mask.Paths.AddRange(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                return mask;
            default:
                throw new FormatException("field " + field.Name + " of type " + field.MessageType.FullName + " cannot be set from a URL");
        }
    }

    private static bool ParseFloat(string text, out double value)
    {
        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "Inf" or "+Inf" or "Infinity" or "+Infinity":
                value = double.PositiveInfinity;
                return true;
            case "-Inf" or "-Infinity":
                value = double.NegativeInfinity;
                return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private static FormatException Invalid(FieldDescriptor field, string text) =>
        new("invalid value for " + field.FieldType.ToString().ToLowerInvariant() + " field " + field.Name + ": \"" + ProtoJsonErrors.Truncate(text) + "\"");
}
