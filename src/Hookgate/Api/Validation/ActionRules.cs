using Google.Protobuf.Reflection;

namespace Hookgate.Api.Validation;

/// <summary>
/// ZITADEL's PGV rules for the ActionService messages, written once and applied to each generation's
/// descriptors by message name (messages a generation lacks are skipped).
/// </summary>
public static class ActionRules
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(270);

    public static ProtoValidator Build(IEnumerable<FileDescriptor> files, int endpointMaxLength)
    {
        var messages = files.SelectMany(f => f.MessageTypes).ToDictionary(m => m.Name);
        var validator = new ProtoValidator();
        void Rules(string name, Action<MessageRules> define)
        {
            if (messages.TryGetValue(name, out var message))
            {
                validator.For(message, define);
            }
        }

        // Hookgate also refuses payload types and execution types it does not know (ZITADEL stores or ignores them).
        Rules("CreateTargetRequest", r => r.Length("name", 1, 1000).Required("target_type")
            .DurationRange("timeout", TimeSpan.Zero, MaxTimeout).Length("endpoint", 1, endpointMaxLength).DefinedEnumIfPresent("payload_type"));
        Rules("UpdateTargetRequest", r => r.Length("id", 1, 200).Length("name", 1, 1000)
            .DurationRange("timeout", TimeSpan.Zero, MaxTimeout).Length("endpoint", 1, endpointMaxLength)
            .DurationConst("expiration_signing_key", TimeSpan.Zero).DefinedEnumIfPresent("payload_type"));
        Rules("DeleteTargetRequest", r => r.Length("id", 1, 200));
        Rules("GetTargetRequest", r => r.Length("id", 1, 200));
        Rules("TargetSearchFilter", r => r.Required("filter"));
        Rules("TargetNameFilter", r => r.Length("target_name", 0, 200).DefinedEnum("method"));
        Rules("AddPublicKeyRequest", r => r.Length("target_id", 1, 200).ByteLength("public_key", 1, 8192).ValidTimestamp("expiration_date"));
        foreach (var keyRequest in new[] { "ActivatePublicKeyRequest", "DeactivatePublicKeyRequest", "RemovePublicKeyRequest" })
        {
            Rules(keyRequest, r => r.Length("target_id", 1, 200).Length("key_id", 1, 200));
        }
        Rules("ListPublicKeysRequest", r => r.Length("target_id", 1, 200));
        Rules("InIDsFilter", r => r.UniqueItems("ids").Length("ids", 1, 200));
        Rules("TimestampFilter", r => r.ValidTimestamp("timestamp").DefinedEnum("method"));
        Rules("ExecutionTypeFilter", r => r.DefinedEnum("execution_type"));
        Rules("Condition", r => r.Required("condition_type"));
        foreach (var execution in new[] { "RequestExecution", "ResponseExecution" })
        {
            Rules(execution, r => r.Required("condition").Length("method", 1, 1000).Length("service", 1, 1000).True("all"));
        }
        Rules("EventExecution", r => r.Required("condition").Length("event", 1, 1000).Length("group", 1, 1000).True("all"));
        Rules("FunctionExecution", r => r.Length("name", 1, 1000));
        Rules("ExecutionSearchFilter", r => r.Required("filter"));
        return validator;
    }
}
