using Google.Protobuf.Reflection;

namespace Hookgate.Api.Validation;

/// <summary>
/// ZITADEL's PGV rules for each ActionService generation, applied to that generation's descriptors by message
/// name (messages a generation lacks are skipped). The rules are data; the checking is <see cref="ProtoValidator"/>.
/// </summary>
public static class ActionRules
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(270);

    /// <summary>zitadel.action.v2 (endpoint up to 2048) and v2beta (up to 1000).</summary>
    public static ProtoValidator V2(IEnumerable<FileDescriptor> files, int endpointMaxLength)
    {
        var (validator, rules) = Start(files);
        // Hookgate also refuses payload types and execution types it does not know (ZITADEL stores or ignores them).
        rules("CreateTargetRequest", r => r.Length("name", 1, 1000).Required("target_type")
            .DurationRange("timeout", TimeSpan.Zero, MaxTimeout).Length("endpoint", 1, endpointMaxLength).DefinedEnumIfPresent("payload_type"));
        rules("UpdateTargetRequest", r => r.Length("id", 1, 200).Length("name", 1, 1000)
            .DurationRange("timeout", TimeSpan.Zero, MaxTimeout).Length("endpoint", 1, endpointMaxLength)
            .DurationConst("expiration_signing_key", TimeSpan.Zero).DefinedEnumIfPresent("payload_type"));
        foreach (var byId in new[] { "DeleteTargetRequest", "GetTargetRequest" })
        {
            rules(byId, r => r.Length("id", 1, 200));
        }
        TargetFilters(rules);
        rules("AddPublicKeyRequest", r => r.Length("target_id", 1, 200).ByteLength("public_key", 1, 8192).ValidTimestamp("expiration_date"));
        foreach (var keyRequest in new[] { "ActivatePublicKeyRequest", "DeactivatePublicKeyRequest", "RemovePublicKeyRequest" })
        {
            rules(keyRequest, r => r.Length("target_id", 1, 200).Length("key_id", 1, 200));
        }
        rules("ListPublicKeysRequest", r => r.Length("target_id", 1, 200));
        rules("InIDsFilter", r => r.UniqueItems("ids").Length("ids", 1, 200));
        rules("TimestampFilter", r => r.ValidTimestamp("timestamp").DefinedEnum("method"));
        Conditions(rules, strict: true);
        ExecutionFilters(rules);
        return validator;
    }

    /// <summary>zitadel.action.v3alpha, the first generation: shorter names, a required positive timeout, absolute URIs, looser conditions.</summary>
    public static ProtoValidator FirstGeneration(IEnumerable<FileDescriptor> files)
    {
        var (validator, rules) = Start(files);
        rules("CreateTargetRequest", r => r.Length("name", 1, 200).Required("target_type")
            .PositiveDuration("timeout", required: true).Length("endpoint", 1, 1000).AbsoluteUri("endpoint", 1000));
        rules("UpdateTargetRequest", r => r.Length("target_id", 1, 200).Length("name", 1, 200)
            .PositiveDuration("timeout", required: false).AbsoluteUri("endpoint", 1000));
        foreach (var byId in new[] { "DeleteTargetRequest", "GetTargetByIDRequest" })
        {
            rules(byId, r => r.Length("target_id", 1, 200));
        }
        rules("TargetSearchQuery", r => r.Required("query"));
        rules("TargetNameQuery", r => r.Length("target_name", 0, 200).DefinedEnum("method"));
        rules("SearchQuery", r => r.Required("query"));
        rules("ExecutionTypeQuery", r => r.DefinedEnum("execution_type"));
        Conditions(rules, strict: false);
        return validator;
    }

    /// <summary>zitadel.resources.action.v3alpha, the second generation: the resource messages around v2's rules.</summary>
    public static ProtoValidator ResourcesGeneration(IEnumerable<FileDescriptor> files)
    {
        var (validator, rules) = Start(files);
        rules("Instance", r => r.Required("property"));
        rules("CreateTargetRequest", r => r.RequiredMessage("target"));
        rules("PatchTargetRequest", r => r.Length("id", 1, 200).RequiredMessage("target"));
        foreach (var byId in new[] { "DeleteTargetRequest", "GetTargetRequest" })
        {
            rules(byId, r => r.Length("id", 1, 200));
        }
        rules("Target", r => r.Length("name", 1, 1000).Required("target_type")
            .DurationRange("timeout", TimeSpan.Zero, MaxTimeout).Length("endpoint", 1, 1000));
        rules("PatchTarget", r => r.Length("name", 1, 1000).DurationRange("timeout", TimeSpan.Zero, MaxTimeout)
            .Length("endpoint", 1, 1000).DurationConst("expiration_signing_key", TimeSpan.Zero));
        rules("ExecutionTargetType", r => r.Required("type"));
        TargetFilters(rules);
        Conditions(rules, strict: true);
        ExecutionFilters(rules);
        return validator;
    }

    private static (ProtoValidator Validator, Action<string, Action<MessageRules>> Rules) Start(IEnumerable<FileDescriptor> files)
    {
        var messages = files.SelectMany(f => f.MessageTypes).ToDictionary(m => m.Name);
        var validator = new ProtoValidator();
        return (validator, (name, define) =>
        {
            if (messages.TryGetValue(name, out var message))
            {
                validator.For(message, define);
            }
        });
    }

    private static void TargetFilters(Action<string, Action<MessageRules>> rules)
    {
        rules("TargetSearchFilter", r => r.Required("filter"));
        rules("TargetNameFilter", r => r.Length("target_name", 0, 200).DefinedEnum("method"));
    }

    private static void ExecutionFilters(Action<string, Action<MessageRules>> rules)
    {
        rules("ExecutionSearchFilter", r => r.Required("filter"));
        rules("ExecutionTypeFilter", r => r.DefinedEnum("execution_type"));
    }

    /// <param name="strict">The inner choice is required and "all" must be true (v2 and the second generation; not the first).</param>
    private static void Conditions(Action<string, Action<MessageRules>> rules, bool strict)
    {
        rules("Condition", r => r.Required("condition_type"));
        foreach (var execution in new[] { "RequestExecution", "ResponseExecution" })
        {
            rules(execution, r => Strict(r.Length("method", 1, 1000).Length("service", 1, 1000), strict));
        }
        rules("EventExecution", r => Strict(r.Length("event", 1, 1000).Length("group", 1, 1000), strict));
        rules("FunctionExecution", r => r.Length("name", 1, 1000));
    }

    private static MessageRules Strict(MessageRules rules, bool strict) => strict ? rules.Required("condition").True("all") : rules;
}
