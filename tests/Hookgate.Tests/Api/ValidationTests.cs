using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Api.Validation;
using Hookgate.Errors;
using V2 = Zitadel.Action.V2;
using V2Beta = Zitadel.Action.V2Beta;

namespace Hookgate.Tests.Api;

/// <summary>ZITADEL's request rules with protoc-gen-validate's wording, per API generation.</summary>
public sealed class ValidationTests
{
    private static readonly ProtoValidator V2Rules = ActionRules.V2(
        [V2.ActionServiceReflection.Descriptor, V2.QueryReflection.Descriptor, V2.ExecutionReflection.Descriptor, Zitadel.Filter.V2.FilterReflection.Descriptor], 2048);

    private static readonly ProtoValidator V2BetaRules = ActionRules.V2(
        [V2Beta.ActionServiceReflection.Descriptor, V2Beta.QueryReflection.Descriptor, V2Beta.ExecutionReflection.Descriptor, Zitadel.Filter.V2Beta.FilterReflection.Descriptor], 1000);

    private static V2.CreateTargetRequest Valid() =>
        new() { Name = "n", RestWebhook = new V2.RESTWebhook(), Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)), Endpoint = "https://example.com" };

    public static TheoryData<IMessage, string> Violations() => new()
    {
        { new V2.CreateTargetRequest(Valid()) { Name = "" }, "invalid CreateTargetRequest.Name: value length must be between 1 and 1000 runes, inclusive" },
        { new V2.CreateTargetRequest(Valid()) { Name = new string('é', 1001) }, "invalid CreateTargetRequest.Name: value length must be between 1 and 1000 runes, inclusive" },
        { new V2.CreateTargetRequest { Name = "n", Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)), Endpoint = "https://example.com" }, "invalid CreateTargetRequest.TargetType: value is required" },
        { new V2.CreateTargetRequest(Valid()) { Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(271)) }, "invalid CreateTargetRequest.Timeout: value must be inside range [0s, 4m30s]" },
        { new V2.CreateTargetRequest(Valid()) { Endpoint = "https://example.com/" + new string('a', 2048) }, "invalid CreateTargetRequest.Endpoint: value length must be between 1 and 2048 runes, inclusive" },
        { new V2.UpdateTargetRequest { Id = "1", ExpirationSigningKey = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) }, "invalid UpdateTargetRequest.ExpirationSigningKey: value must equal 0s" },
        { new V2.UpdateTargetRequest { Id = "1", Name = "" }, "invalid UpdateTargetRequest.Name: value length must be between 1 and 1000 runes, inclusive" },
        { new V2.AddPublicKeyRequest { TargetId = "1" }, "invalid AddPublicKeyRequest.PublicKey: value length must be between 1 and 8192 bytes, inclusive" },
        { new V2.SetExecutionRequest { Condition = new V2.Condition { Request = new V2.RequestExecution() } },
            "invalid SetExecutionRequest.Condition: embedded message failed validation | caused by: invalid Condition.Request: embedded message failed validation | caused by: invalid RequestExecution.Condition: value is required" },
        { new V2.SetExecutionRequest { Condition = new V2.Condition { Event = new V2.EventExecution { All = false } } },
            "invalid SetExecutionRequest.Condition: embedded message failed validation | caused by: invalid Condition.Event: embedded message failed validation | caused by: invalid EventExecution.All: value must equal true" },
        { new V2.ListTargetsRequest { Filters = { new V2.TargetSearchFilter() } },
            "invalid ListTargetsRequest.Filters[0]: embedded message failed validation | caused by: invalid TargetSearchFilter.Filter: value is required" },
        { new V2.ListTargetsRequest { Filters = { new V2.TargetSearchFilter { TargetNameFilter = new V2.TargetNameFilter { TargetName = "x", Method = (Zitadel.Filter.V2.TextFilterMethod)99 } } } },
            "invalid ListTargetsRequest.Filters[0]: embedded message failed validation | caused by: invalid TargetSearchFilter.TargetNameFilter: embedded message failed validation | caused by: invalid TargetNameFilter.Method: value must be one of the defined enum values" },
        { new V2.ListPublicKeysRequest { TargetId = "1", Filters = { new V2.PublicKeySearchFilter { KeyIdsFilter = new Zitadel.Filter.V2.InIDsFilter { Ids = { "a", "a" } } } } },
            "invalid ListPublicKeysRequest.Filters[0]: embedded message failed validation | caused by: invalid PublicKeySearchFilter.KeyIdsFilter: embedded message failed validation | caused by: invalid InIDsFilter.Ids[1]: repeated value must contain unique items" },
        { new V2.CreateTargetRequest(Valid()) { PayloadType = (V2.PayloadType)99 }, "invalid CreateTargetRequest.PayloadType: value must be one of the defined enum values" },
        { new V2.AddPublicKeyRequest { TargetId = "1", PublicKey = ByteString.CopyFromUtf8("k"), ExpirationDate = new Timestamp { Seconds = 1_000_000_000_000_000 } },
            "invalid AddPublicKeyRequest.ExpirationDate: value is not a valid timestamp" },
        { new V2.ListExecutionsRequest { Filters = { new V2.ExecutionSearchFilter { ExecutionTypeFilter = new V2.ExecutionTypeFilter { ExecutionType = (V2.ExecutionType)9 } } } },
            "invalid ListExecutionsRequest.Filters[0]: embedded message failed validation | caused by: invalid ExecutionSearchFilter.ExecutionTypeFilter: embedded message failed validation | caused by: invalid ExecutionTypeFilter.ExecutionType: value must be one of the defined enum values" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Reports_the_first_violation_in_pgv_words(IMessage request, string message)
    {
        var error = Assert.Throws<ApiError>(() => V2Rules.Validate(request));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(ProtoValidator.ErrorId, error.Id);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Valid_requests_pass()
    {
        V2Rules.Validate(Valid());
        V2Rules.Validate(new V2.ListTargetsRequest());
        V2Rules.Validate(new V2.UpdateTargetRequest { Id = "1", ExpirationSigningKey = new Duration() });
        V2Rules.Validate(new V2.SetExecutionRequest { Condition = new V2.Condition { Request = new V2.RequestExecution { All = true } } });
    }

    [Fact]
    public void V2beta_keeps_its_shorter_endpoint_limit()
    {
        var endpoint = "https://example.com/" + new string('a', 1000);
        V2Rules.Validate(new V2.CreateTargetRequest(Valid()) { Endpoint = endpoint });
        var error = Assert.Throws<ApiError>(() => V2BetaRules.Validate(new V2Beta.CreateTargetRequest
        {
            Name = "n", RestWebhook = new V2Beta.RESTWebhook(), Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)), Endpoint = endpoint,
        }));
        Assert.Equal("invalid CreateTargetRequest.Endpoint: value length must be between 1 and 1000 runes, inclusive", error.Message);
    }
}
