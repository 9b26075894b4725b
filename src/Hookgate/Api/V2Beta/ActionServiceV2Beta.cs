using Google.Protobuf;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Hookgate.Api.V2;
using Hookgate.Api.Validation;
using Zitadel.Action.V2Beta;
using Filter = Zitadel.Filter.V2Beta;

namespace Hookgate.Api.V2Beta;

/// <summary>
/// zitadel.action.v2beta.ActionService, the deprecated twin of v2. Its messages are a wire-compatible subset of
/// v2's (same field numbers), so each call is validated with v2beta's limits, re-read as the v2 message, served
/// by the v2 handler, and its answer re-read as the v2beta message (fields v2beta lacks are dropped).
/// </summary>
public static class ActionServiceV2Beta
{
    public static readonly ServiceDescriptor Service = ActionServiceReflection.Descriptor.Services[0];

    public static IReadOnlyDictionary<string, ApiHandler> Handlers(ActionServiceV2 v2)
    {
        var validator = ActionRules.V2(
            [ActionServiceReflection.Descriptor, QueryReflection.Descriptor, ExecutionReflection.Descriptor, Filter.FilterReflection.Descriptor], 1000);
        var v2Handlers = v2.Handlers;
        var handlers = new Dictionary<string, ApiHandler>(StringComparer.Ordinal);
        foreach (var method in Service.Methods)
        {
            var v2Method = ActionServiceV2.Service.FindMethodByName(method.Name);
            var handler = v2Handlers[method.Name];
            var responseParser = method.OutputType.Parser.WithDiscardUnknownFields(true);
            handlers[method.Name] = async (request, call) =>
            {
                validator.Validate(request);
                var response = await handler(v2Method.InputType.Parser.ParseFrom(request.ToByteString()), call);
                return responseParser.ParseFrom(response.ToByteString());
            };
        }
        return handlers;
    }
}
