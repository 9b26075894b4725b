using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Errors;

namespace Hookgate.Api.Validation;

/// <summary>
/// The request rules ZITADEL declares with protoc-gen-validate, checked the way PGV's generated Go code does:
/// plain fields in declaration order (recursing into set messages), then oneofs, then proto3 optional fields
/// when present; the first violation wins and is reported with PGV's wording, e.g.
/// "invalid CreateTargetRequest.Name: value length must be between 1 and 1000 runes, inclusive".
/// Rules are data per message descriptor, so each API generation states its own limits.
/// </summary>
public sealed class ProtoValidator
{
    /// <summary>ZITADEL reports these without an ID; Hookgate gives them one so every error has the same shape.</summary>
    public const string ErrorId = "VALIDATE-rules";

    private readonly Dictionary<MessageDescriptor, MessageRules> _rules = [];
    private readonly ConcurrentDictionary<MessageDescriptor, Plan> _plans = new();

    /// <summary>What to look at in a message, in PGV's order; computed once per message type.</summary>
    private sealed record Plan(MessageRules? Rules, FieldDescriptor[] Plain, OneofDescriptor[] Oneofs, FieldDescriptor[] Optional)
    {
        public bool IsEmpty => Plain.Length == 0 && Oneofs.Length == 0 && Optional.Length == 0;
    }

    public ProtoValidator For(MessageDescriptor message, Action<MessageRules> define)
    {
        var rules = new MessageRules(message);
        define(rules);
        _rules[message] = rules;
        _plans.Clear();
        return this;
    }

    /// <summary>Throws an InvalidArgument <see cref="ApiError"/> at the first violation.</summary>
    public void Validate(IMessage message)
    {
        if (Violation(message) is { } violation)
        {
            throw new ApiError(ErrorKind.InvalidArgument, ErrorId, violation);
        }
    }

    private Plan PlanFor(MessageDescriptor descriptor) => _plans.GetOrAdd(descriptor, d => BuildPlan(d, []));

    private Plan BuildPlan(MessageDescriptor descriptor, HashSet<MessageDescriptor> visiting)
    {
        if (_plans.TryGetValue(descriptor, out var known))
        {
            return known;
        }
        visiting.Add(descriptor);
        _rules.TryGetValue(descriptor, out var rules);
        bool Relevant(FieldDescriptor f) =>
            rules?.Checks.ContainsKey(f.Name) == true || rules?.Unique.Contains(f.Name) == true ||
            f.FieldType == FieldType.Message && !f.IsMap && !visiting.Contains(f.MessageType) && !BuildPlan(f.MessageType, visiting).IsEmpty;
        var fields = descriptor.Fields.InDeclarationOrder();
        var plan = new Plan(
            rules,
            fields.Where(f => f.ContainingOneof is null && Relevant(f)).ToArray(),
            descriptor.Oneofs.Where(o => !o.IsSynthetic && (rules?.RequiredOneofs.Contains(o.Name) == true || o.Fields.Any(Relevant))).ToArray(),
            fields.Where(f => f.ContainingOneof is { IsSynthetic: true } && Relevant(f)).ToArray());
        visiting.Remove(descriptor);
        return _plans.GetOrAdd(descriptor, plan);
    }

    private string? Violation(IMessage message)
    {
        var descriptor = message.Descriptor;
        var plan = PlanFor(descriptor);
        foreach (var field in plan.Plain)
        {
            if (CheckField(plan.Rules, field, message) is { } violation)
            {
                return violation;
            }
        }
        foreach (var oneof in plan.Oneofs)
        {
            var set = oneof.Accessor.GetCaseFieldDescriptor(message);
            if (set is not null)
            {
                if (CheckField(plan.Rules, set, message) is { } violation)
                {
                    return violation;
                }
            }
            else if (plan.Rules?.RequiredOneofs.Contains(oneof.Name) == true)
            {
                return $"invalid {descriptor.Name}.{GoName(oneof.Name)}: value is required";
            }
        }
        foreach (var field in plan.Optional)
        {
            if (field.Accessor.HasValue(message) && CheckField(plan.Rules, field, message) is { } violation)
            {
                return violation;
            }
        }
        return null;
    }

    private string? CheckField(MessageRules? rules, FieldDescriptor field, IMessage message)
    {
        var value = field.Accessor.GetValue(message);
        if (field.IsRepeated && value is IList list)
        {
            var seen = rules?.Unique.Contains(field.Name) == true ? new HashSet<object>() : null;
            for (var i = 0; i < list.Count; i++)
            {
                if (seen is not null && !seen.Add(list[i]!))
                {
                    return $"invalid {Name(field)}[{i}]: repeated value must contain unique items";
                }
                if (Check(rules, field, list[i], i) is { } violation)
                {
                    return violation;
                }
            }
            return null;
        }
        return field.IsMap ? null : Check(rules, field, value, -1);
    }

    private string? Check(MessageRules? rules, FieldDescriptor field, object? value, int index)
    {
        if (rules?.Checks.TryGetValue(field.Name, out var check) == true && check(value) is { } reason)
        {
            return $"invalid {Name(field, index)}: {reason}";
        }
        if (field.FieldType == FieldType.Message && value is IMessage nested && Violation(nested) is { } inner)
        {
            return $"invalid {Name(field, index)}: embedded message failed validation | caused by: {inner}";
        }
        return null;
    }

    /// <summary>"Message.Field" or "Message.Field[i]", as PGV names a violation; built only when one is reported.</summary>
    private static string Name(FieldDescriptor field, int index = -1) =>
        $"{field.ContainingType.Name}.{GoName(field.Name)}" + (index >= 0 ? $"[{index}]" : "");

    /// <summary>Go's generated field name: snake_case to PascalCase, as PGV prints it.</summary>
    internal static string GoName(string protoName) =>
        string.Concat(protoName.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}

/// <summary>The rules of one message, by proto field name.</summary>
public sealed class MessageRules(MessageDescriptor message)
{
    internal Dictionary<string, Func<object?, string?>> Checks { get; } = [];
    internal HashSet<string> RequiredOneofs { get; } = [];
    internal HashSet<string> Unique { get; } = [];

    public MessageRules Required(string oneof)
    {
        _ = message.Oneofs.Single(o => o.Name == oneof);
        RequiredOneofs.Add(oneof);
        return this;
    }

    /// <summary>String length in runes (Unicode code points), as PGV counts.</summary>
    public MessageRules Length(string field, int min, int max) => Add(field, value =>
    {
        var runes = value is string s ? CountRunes(s) : 0;
        if (runes >= min && runes <= max)
        {
            return null;
        }
        return min == max ? $"value length must be {min} runes"
            : min == 0 ? $"value length must be at most {max} runes"
            : max == int.MaxValue ? $"value length must be at least {min} runes"
            : $"value length must be between {min} and {max} runes, inclusive";
    });

    public MessageRules ByteLength(string field, int min, int max) => Add(field, value =>
    {
        var length = value is ByteString b ? b.Length : 0;
        return length >= min && length <= max ? null : $"value length must be between {min} and {max} bytes, inclusive";
    });

    /// <summary>A Duration within [min, max]; only checked when the field is set.</summary>
    public MessageRules DurationRange(string field, TimeSpan min, TimeSpan max) => Add(field, value =>
    {
        if (value is not Duration d)
        {
            return null;
        }
        if (!IsValid(d))
        {
            return "value is not a valid duration";
        }
        var t = d.ToTimeSpan();
        return t >= min && t <= max ? null : $"value must be inside range [{GoDuration(min)}, {GoDuration(max)}]";
    });

    public MessageRules DurationConst(string field, TimeSpan expected) => Add(field, value =>
        value is not Duration d ? null
        : !IsValid(d) ? "value is not a valid duration"
        : d.ToTimeSpan() == expected ? null : $"value must equal {GoDuration(expected)}");

    /// <summary>A Timestamp within protobuf's range (0001-01-01 to 9999-12-31); only checked when set.</summary>
    public MessageRules ValidTimestamp(string field) => Add(field, value =>
        value is not Timestamp t || t.Seconds is >= -62_135_596_800 and <= 253_402_300_799 && t.Nanos is >= 0 and < 1_000_000_000
            ? null : "value is not a valid timestamp");

    /// <summary>A message field that must be present.</summary>
    public MessageRules RequiredMessage(string field) => Add(field, value => value is null ? "value is required" : null);

    /// <summary>A Duration that must be present and above zero (the first v3alpha generation's timeout).</summary>
    public MessageRules PositiveDuration(string field, bool required) => Add(field, value => value switch
    {
        null => required ? "value is required" : null,
        Duration d when !IsValid(d) => "value is not a valid duration",
        Duration d => d.ToTimeSpan() > TimeSpan.Zero ? null : "value must be greater than 0s",
        _ => null,
    });

    /// <summary>PGV's uri rule: parseable and absolute.</summary>
    public MessageRules AbsoluteUri(string field, int maxLength) => Add(field, value =>
    {
        var text = value as string ?? "";
        if (CountRunes(text) > maxLength)
        {
            return $"value length must be at most {maxLength} runes";
        }
        // Absolute means "has a scheme", as Go's url.IsAbs; .NET alone would take "/path" for a file URI on Unix.
        return !Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _) ? "value must be a valid URI"
            : HasScheme(text) ? null
            : "value must be absolute";
    });

    public MessageRules True(string field) => Add(field, value => value is true ? null : "value must equal true");

    public MessageRules DefinedEnum(string field)
    {
        var type = message.FindFieldByName(field).EnumType;
        return Add(field, value => value is not null && type.FindValueByNumber(Convert.ToInt32(value, CultureInfo.InvariantCulture)) is not null
            ? null : "value must be one of the defined enum values");
    }

    /// <summary>Like <see cref="DefinedEnum"/>, for fields a generation may not have (v2beta has no payload type).</summary>
    public MessageRules DefinedEnumIfPresent(string field) => message.FindFieldByName(field) is null ? this : DefinedEnum(field);

    public MessageRules UniqueItems(string field)
    {
        _ = message.FindFieldByName(field) ?? throw new ArgumentException(field);
        Unique.Add(field);
        return this;
    }

    private MessageRules Add(string field, Func<object?, string?> check)
    {
        _ = message.FindFieldByName(field) ?? throw new ArgumentException($"{message.FullName} has no field {field}");
        // Several rules on one field run in the order given; the first violation wins.
        Checks[field] = Checks.TryGetValue(field, out var earlier) ? value => earlier(value) ?? check(value) : check;
        return this;
    }

    private static bool HasScheme(string text)
    {
        var colon = text.IndexOf(':');
        return colon > 0 && char.IsAsciiLetter(text[0]) && text.AsSpan(0, colon).IndexOfAnyExcept(SchemeCharacters) < 0;
    }

    private static readonly System.Buffers.SearchValues<char> SchemeCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

    private static int CountRunes(string s)
    {
        var count = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            count++;
        }
        return count;
    }

    private static bool IsValid(Duration d) =>
        d.Seconds is >= -315_576_000_000 and <= 315_576_000_000 && d.Nanos is > -1_000_000_000 and < 1_000_000_000 &&
        (d.Seconds == 0 || d.Nanos == 0 || (d.Seconds > 0) == (d.Nanos > 0));

    /// <summary>Go's time.Duration.String() for whole seconds and up: "0s", "10s", "4m30s", "1h0m0s".</summary>
    internal static string GoDuration(TimeSpan t)
    {
        if (t == TimeSpan.Zero)
        {
            return "0s";
        }
        var text = "";
        if (t.TotalHours >= 1)
        {
            text += $"{(long)t.TotalHours}h";
        }
        if (t.TotalMinutes >= 1)
        {
            text += $"{t.Minutes}m";
        }
        var seconds = t.Seconds + t.Milliseconds / 1000.0;
        return text + seconds.ToString(CultureInfo.InvariantCulture) + "s";
    }
}
