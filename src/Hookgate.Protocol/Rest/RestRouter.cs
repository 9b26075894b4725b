namespace Hookgate.Protocol.Rest;

internal enum RouteResult
{
    Matched,
    NotFound,
    MethodNotAllowed,
}

/// <summary>
/// Segment trie over every REST binding of every mapped service, built once at startup. Matching is verb-first like
/// grpc-gateway: bindings of the request's HTTP method are searched with literal segments tried before "*" and "**"
/// (so POST /v1/items/search beats POST /v1/items/{id}); when none matches but another verb would, the result is
/// MethodNotAllowed.
/// </summary>
internal sealed class RestRouter
{
    private const int MaxSegments = 64;

    private readonly Node _root = new();

    public int Count { get; private set; }

    public void Add(RestBinding binding)
    {
        var node = _root;
        foreach (var segment in binding.Template.Segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Literal:
                    node.Literals ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                    if (!node.Literals.TryGetValue(segment.Literal, out var next))
                    {
                        next = new Node();
                        node.Literals.Add(segment.Literal, next);
                    }

                    node = next;
                    break;
                case SegmentKind.Single:
                    node = node.Single ??= new Node();
                    break;
                default:
                    (node.RestLeaves ??= []).Add(binding);
                    Count++;
                    return;
            }
        }

        (node.Leaves ??= []).Add(binding);
        Count++;
    }

    /// <summary>Matches a (decoded) request path. On success <paramref name="values"/> holds one raw value per template variable.</summary>
    public RouteResult Match(string httpMethod, string path, out RestBinding? binding, out string[]? values)
    {
        binding = null;
        values = null;
        Span<Range> segments = stackalloc Range[MaxSegments];
        var count = Split(path, segments);
        if (count < 0)
        {
            return RouteResult.NotFound;
        }

        segments = segments[..count];
        var pathMatched = false;
        if (count > 0)
        {
            // "/v1/items/abc:archive": first try "archive" as the custom verb, then the whole segment.
            var last = segments[^1];
            var colon = path.AsSpan(last).LastIndexOf(':');
            if (colon >= 0)
            {
                var verb = path.AsSpan(last)[(colon + 1)..];
                segments[^1] = new Range(last.Start, last.Start.Value + colon);
                binding = Walk(_root, path, segments, 0, httpMethod, verb, ref pathMatched);
                if (binding is not null)
                {
                    values = Extract(binding, path, segments);
                    return RouteResult.Matched;
                }

                segments[^1] = last;
            }
        }

        binding = Walk(_root, path, segments, 0, httpMethod, [], ref pathMatched);
        if (binding is not null)
        {
            values = Extract(binding, path, segments);
            return RouteResult.Matched;
        }

        return pathMatched ? RouteResult.MethodNotAllowed : RouteResult.NotFound;
    }

    private static RestBinding? Walk(Node node, string path, ReadOnlySpan<Range> segments, int index, string httpMethod, ReadOnlySpan<char> verb, ref bool pathMatched)
    {
        if (index == segments.Length)
        {
            return Pick(node.Leaves, httpMethod, verb, ref pathMatched) ?? Pick(node.RestLeaves, httpMethod, verb, ref pathMatched);
        }

        var segment = path.AsSpan(segments[index]);
        if (node.Literals is not null && node.Literals.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(segment, out var literal))
        {
            var found = Walk(literal, path, segments, index + 1, httpMethod, verb, ref pathMatched);
            if (found is not null)
            {
                return found;
            }
        }

        if (node.Single is not null && !segment.IsEmpty)
        {
            var found = Walk(node.Single, path, segments, index + 1, httpMethod, verb, ref pathMatched);
            if (found is not null)
            {
                return found;
            }
        }

        return Pick(node.RestLeaves, httpMethod, verb, ref pathMatched);
    }

    private static RestBinding? Pick(List<RestBinding>? leaves, string httpMethod, ReadOnlySpan<char> verb, ref bool pathMatched)
    {
        if (leaves is null)
        {
            return null;
        }

        foreach (var leaf in leaves)
        {
            if (verb.SequenceEqual(leaf.Template.Verb))
            {
                pathMatched = true;
                if (string.Equals(leaf.HttpMethod, httpMethod, StringComparison.Ordinal))
                {
                    return leaf;
                }
            }
        }

        return null;
    }

    private static string[] Extract(RestBinding binding, string path, ReadOnlySpan<Range> segments)
    {
        var variables = binding.Template.Variables;
        if (variables.Length == 0)
        {
            return [];
        }

        var values = new string[variables.Length];
        for (var i = 0; i < variables.Length; i++)
        {
            var variable = variables[i];
            var end = variable.End < 0 ? segments.Length : variable.End;
            if (variable.Start >= end)
            {
                values[i] = "";
                continue;
            }

            var start = segments[variable.Start].Start.Value;
            var stop = segments[end - 1].End.Value;
            var raw = path.AsSpan(start, stop - start);

            // Kestrel decodes the path except "%2F"; a variable value may still contain it.
            values[i] = raw.Contains('%') ? raw.ToString().Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) : raw.ToString();
        }

        return values;
    }

    /// <summary>Splits "/a/b/c" into segment ranges; -1 when the path does not start with '/' or is too deep.</summary>
    private static int Split(string path, Span<Range> segments)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return -1;
        }

        var count = 0;
        var start = 1;
        while (true)
        {
            if (count == segments.Length)
            {
                return -1;
            }

            var slash = path.IndexOf('/', start);
            var end = slash < 0 ? path.Length : slash;
            segments[count++] = new Range(start, end);
            if (slash < 0)
            {
                return count;
            }

            start = slash + 1;
        }
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Literals { get; set; }

        public Node? Single { get; set; }

        public List<RestBinding>? Leaves { get; set; }

        public List<RestBinding>? RestLeaves { get; set; }
    }
}
