namespace Hookgate.Protocol.Rest;

internal enum SegmentKind
{
    Literal,

    /// <summary>"*" or a plain "{field}": exactly one non-empty segment.</summary>
    Single,

    /// <summary>"**": the rest of the path (only allowed last).</summary>
    Multi,
}

internal readonly record struct TemplateSegment(SegmentKind Kind, string Literal);

/// <summary>A variable covering segments [Start, End); End == -1 means "to the end of the path".</summary>
internal readonly record struct TemplateVariable(string FieldPath, int Start, int End);

/// <summary>
/// A google.api.http path template: "/v1/{name=projects/*/items/*}/items/{id}:verb".
/// Segments are literals, "*", "**" or variables ({field} or {field=segments}).
/// </summary>
internal sealed class PathTemplate
{
    private PathTemplate(string text, TemplateSegment[] segments, TemplateVariable[] variables, string verb)
    {
        Text = text;
        Segments = segments;
        Variables = variables;
        Verb = verb;
    }

    public string Text { get; }

    public TemplateSegment[] Segments { get; }

    public TemplateVariable[] Variables { get; }

    /// <summary>The ":verb" suffix without the colon, or "".</summary>
    public string Verb { get; }

    public static PathTemplate Parse(string template)
    {
        if (string.IsNullOrEmpty(template) || template[0] != '/')
        {
            throw Invalid(template, "must start with '/'");
        }

        // The verb is a ':' after the last '/', outside braces.
        var depth = 0;
        var lastSlash = 0;
        var colon = -1;
        for (var i = 0; i < template.Length; i++)
        {
            switch (template[i])
            {
                case '{': depth++; break;
                case '}': depth--; break;
                case '/' when depth == 0: lastSlash = i; colon = -1; break;
                case ':' when depth == 0 && i > lastSlash: colon = i; break;
            }
        }

        if (depth != 0)
        {
            throw Invalid(template, "unbalanced braces");
        }

        var verb = colon >= 0 ? template[(colon + 1)..] : "";
        var body = colon >= 0 ? template[1..colon] : template[1..];
        var segments = new List<TemplateSegment>();
        var variables = new List<TemplateVariable>();
        var position = 0;
        while (position <= body.Length)
        {
            if (position < body.Length && body[position] == '{')
            {
                var close = body.IndexOf('}', position);
                var content = body[(position + 1)..close];
                var equals = content.IndexOf('=');
                var fieldPath = equals < 0 ? content : content[..equals];
                var start = segments.Count;
                if (equals < 0)
                {
                    segments.Add(new TemplateSegment(SegmentKind.Single, ""));
                }
                else
                {
                    foreach (var part in content[(equals + 1)..].Split('/'))
                    {
                        segments.Add(ParseSegment(template, part));
                    }
                }

                var end = segments[^1].Kind == SegmentKind.Multi ? -1 : segments.Count;
                variables.Add(new TemplateVariable(fieldPath, start, end));
                position = close + 1;
            }
            else
            {
                var slash = body.IndexOf('/', position);
                var part = slash < 0 ? body[position..] : body[position..slash];
                segments.Add(ParseSegment(template, part));
                position += part.Length;
            }

            if (position < body.Length && body[position] != '/')
            {
                throw Invalid(template, "a variable must fill a whole segment");
            }

            position++;
        }

        for (var i = 0; i < segments.Count - 1; i++)
        {
            if (segments[i].Kind == SegmentKind.Multi)
            {
                throw Invalid(template, "'**' is only supported as the last segment");
            }
        }

        return new PathTemplate(template, [.. segments], [.. variables], verb);
    }

    private static TemplateSegment ParseSegment(string template, string part) => part switch
    {
        "*" => new TemplateSegment(SegmentKind.Single, ""),
        "**" => new TemplateSegment(SegmentKind.Multi, ""),
        "" => throw Invalid(template, "empty segment"),
        _ when part.AsSpan().IndexOfAny("{}*=") >= 0 => throw Invalid(template, "bad segment \"" + part + "\""),
        _ => new TemplateSegment(SegmentKind.Literal, part),
    };

    private static InvalidOperationException Invalid(string template, string reason) =>
        new("Invalid google.api.http path template \"" + template + "\": " + reason + ".");
}
