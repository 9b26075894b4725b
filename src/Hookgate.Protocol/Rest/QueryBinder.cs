using System.Net;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Hookgate.Protocol.Json;

namespace Hookgate.Protocol.Rest;

/// <summary>
/// Applies "?a=1&amp;nested.b=2&amp;tags=x&amp;tags=y&amp;labels[k]=v" to a request message. Keys are dotted field paths
/// using JSON or proto names; unknown keys are ignored and keys naming path variables or the body field are skipped,
/// as grpc-gateway does.
/// </summary>
internal static class QueryBinder
{
    public static void Apply(IMessage message, MessagePlan plan, string? query, RestBinding binding)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return;
        }

        var span = query.AsSpan(query[0] == '?' ? 1 : 0);
        List<(IMessage, FieldDescriptor)>? assigned = null;
        while (!span.IsEmpty)
        {
            var amp = span.IndexOf('&');
            var pair = amp < 0 ? span : span[..amp];
            span = amp < 0 ? [] : span[(amp + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = Decode(equals < 0 ? [] : pair[(equals + 1)..]);
            string? mapKey = null;
            var bracket = key.IndexOf('[');
            if (bracket > 0 && key.EndsWith(']'))
            {
                mapKey = key[(bracket + 1)..^1];
                key = key[..bracket];
            }

            var chain = Resolve(plan, key);
            if (chain is null || IsFiltered(chain, binding))
            {
                continue;
            }

            assigned ??= [];
            FieldValueParser.Assign(message, chain, value, mapKey, assigned);
        }
    }

    private static FieldPlan[]? Resolve(MessagePlan plan, string key)
    {
        var parts = key.Split('.');
        var chain = new FieldPlan[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var field = plan.Find(parts[i]);
            if (field is null)
            {
                return null;
            }

            chain[i] = field;
            if (i < parts.Length - 1)
            {
                if (field.Type != FieldType.Message || field.IsRepeated || field.IsMap || field.MessagePlan.Kind != MessageKind.Regular)
                {
                    throw new FormatException("invalid query parameter path \"" + ProtoJsonErrors.Truncate(key) + "\": " + field.Field.Name + " is not a message");
                }

                plan = field.MessagePlan;
            }
        }

        return chain;
    }

    private static bool IsFiltered(FieldPlan[] chain, RestBinding binding)
    {
        foreach (var filter in binding.QueryFilter)
        {
            if (filter.Length > chain.Length)
            {
                continue;
            }

            var prefix = true;
            for (var i = 0; i < filter.Length; i++)
            {
                if (filter[i] != chain[i])
                {
                    prefix = false;
                    break;
                }
            }

            if (prefix)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Form decoding: '+' is a space, %XX escapes are UTF-8.</summary>
    private static string Decode(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAny('+', '%') < 0)
        {
            return text.ToString();
        }

        return WebUtility.UrlDecode(text.ToString());
    }
}
