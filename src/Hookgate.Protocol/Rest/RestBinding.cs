using Google.Api;
using Google.Protobuf.Reflection;
using Hookgate.Protocol.Json;
using Hookgate.Protocol.Server;

namespace Hookgate.Protocol.Rest;

internal enum BodyKind
{
    None,

    /// <summary>body: "*": the JSON body is the whole request message.</summary>
    Whole,

    /// <summary>body: "field": the JSON body fills one top-level field.</summary>
    Field,
}

/// <summary>One google.api.http binding (primary or additional) of a method, resolved against the descriptors.</summary>
internal sealed class RestBinding
{
    private RestBinding(RpcMethod method, string httpMethod, string path, string body, string responseBody)
    {
        Method = method;
        HttpMethod = httpMethod;
        Template = PathTemplate.Parse(path);
        var input = method.InputPlan;
        VariablePaths = new FieldPlan[Template.Variables.Length][];
        for (var i = 0; i < VariablePaths.Length; i++)
        {
            VariablePaths[i] = ResolvePath(input, Template.Variables[i].FieldPath, path);
        }

        Body = body switch { "" => BodyKind.None, "*" => BodyKind.Whole, _ => BodyKind.Field };
        if (Body == BodyKind.Field)
        {
            BodyField = ResolvePath(input, body, path) is [var single] ? single : throw Invalid(path, "body must name a top-level field");
        }

        if (responseBody.Length > 0)
        {
            ResponseField = MessagePlan.For(method.Descriptor.OutputType).Find(responseBody)
                ?? throw Invalid(path, "unknown response_body field \"" + responseBody + "\"");
        }

        var filters = new List<FieldPlan[]>(VariablePaths);
        if (BodyField is not null)
        {
            filters.Add([BodyField]);
        }

        QueryFilter = [.. filters];
    }

    public RpcMethod Method { get; }

    public string HttpMethod { get; }

    public PathTemplate Template { get; }

    public FieldPlan[][] VariablePaths { get; }

    public BodyKind Body { get; }

    public FieldPlan? BodyField { get; }

    public FieldPlan? ResponseField { get; }

    /// <summary>Field paths that query parameters must not set (path variables and the body field).</summary>
    public FieldPlan[][] QueryFilter { get; }

    /// <summary>All bindings of a method's google.api.http option, including additional_bindings.</summary>
    public static IEnumerable<RestBinding> For(RpcMethod method)
    {
        var rule = method.Descriptor.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        if (rule is null)
        {
            yield break;
        }

        if (From(method, rule) is { } primary)
        {
            yield return primary;
        }

        foreach (var additional in rule.AdditionalBindings)
        {
            if (From(method, additional) is { } binding)
            {
                yield return binding;
            }
        }
    }

    private static RestBinding? From(RpcMethod method, HttpRule rule)
    {
        var (verb, path) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
            HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
            HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
            HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
            HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
            HttpRule.PatternOneofCase.Custom => (rule.Custom.Kind, rule.Custom.Path),
            _ => ("", ""),
        };
        return path.Length == 0 ? null : new RestBinding(method, verb, path, rule.Body, rule.ResponseBody);
    }

    private static FieldPlan[] ResolvePath(MessagePlan root, string dotted, string template)
    {
        var parts = dotted.Split('.');
        var chain = new FieldPlan[parts.Length];
        var plan = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var field = plan.Find(parts[i]) ?? throw Invalid(template, "unknown field \"" + dotted + "\" in " + root.Descriptor.FullName);
            chain[i] = field;
            if (i < parts.Length - 1)
            {
                if (field.Type != FieldType.Message || field.IsRepeated || field.IsMap)
                {
                    throw Invalid(template, "\"" + dotted + "\" does not go through singular message fields");
                }

                plan = field.MessagePlan;
            }
        }

        return chain;
    }

    private static InvalidOperationException Invalid(string template, string reason) =>
        new("Invalid google.api.http binding \"" + template + "\": " + reason + ".");
}
