using System.Buffers;
using System.Globalization;
using System.Text;

namespace Hookgate.Runtime;

/// <summary>
/// Writes JSON byte for byte as Go's encoding/json.Marshal does, since receivers compare ZITADEL's payloads
/// exactly: compact, strings with Go's escapes (\" \\ \b \f \n \r \t, other control characters as \u00xx, and
/// the HTML-sensitive &lt; &gt; &amp; and U+2028/U+2029 as \u escapes), everything else as raw UTF-8.
/// </summary>
internal sealed class GoJson(ArrayBufferWriter<byte> output)
{
    // Per open object: whether a property was written, so the next one needs a comma.
    private readonly Stack<bool> _written = new();

    public void BeginObject()
    {
        Raw("{"u8);
        _written.Push(false);
    }

    public void EndObject()
    {
        Raw("}"u8);
        _written.Pop();
    }

    /// <summary>Starts a property of the current object; its value follows.</summary>
    public void Property(string name)
    {
        if (_written.Pop())
        {
            Raw(","u8);
        }
        _written.Push(true);
        String(name);
        Raw(":"u8);
    }

    public void StringValue(string value) => String(value);

    public void StringArray(IEnumerable<string?> values)
    {
        Raw("["u8);
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                Raw(","u8);
            }
            String(value ?? "");
            first = false;
        }
        Raw("]"u8);
    }

    /// <summary>
    /// A JSON value that is already compact and escaped as protojson escapes (no HTML escaping); Go's Marshal then
    /// escapes &lt; &gt; &amp; U+2028 U+2029, which in valid JSON occur only inside strings, so a byte scan suffices.
    /// </summary>
    public void RawValue(ReadOnlySpan<byte> json)
    {
        while (!json.IsEmpty)
        {
            var index = json.IndexOfAny(HtmlSensitive);
            if (index < 0)
            {
                Raw(json);
                return;
            }
            Raw(json[..index]);
            switch (json[index])
            {
                case (byte)'<': Raw("\\u003c"u8); json = json[(index + 1)..]; break;
                case (byte)'>': Raw("\\u003e"u8); json = json[(index + 1)..]; break;
                case (byte)'&': Raw("\\u0026"u8); json = json[(index + 1)..]; break;
                default:
                    // 0xE2: U+2028 and U+2029 are E2 80 A8 and E2 80 A9; other E2 sequences pass through.
                    if (json.Length >= 3 && json[1] == 0x80 && json[2] is 0xA8 or 0xA9)
                    {
                        Raw(json[2] == 0xA8 ? "\\u2028"u8 : "\\u2029"u8);
                        json = json[3..];
                    }
                    else
                    {
                        Raw(json[..1]);
                        json = json[1..];
                    }
                    break;
            }
        }
    }

    private static readonly SearchValues<byte> HtmlSensitive = SearchValues.Create([(byte)'<', (byte)'>', (byte)'&', (byte)0xE2]);

    /// <summary>The characters Go writes as themselves, one byte each: printable ASCII except " \ &lt; &gt; &amp;.</summary>
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => c is not ('"' or '\\' or '<' or '>' or '&'))]);

    private void String(string value)
    {
        Raw("\""u8);
        // Most strings (IDs, methods, hosts) need no escape: written in one go.
        if (!value.AsSpan().ContainsAnyExcept(Plain))
        {
            var written = System.Text.Encoding.ASCII.GetBytes(value, output.GetSpan(value.Length));
            output.Advance(written);
            Raw("\""u8);
            return;
        }
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': Raw("\\\""u8); break;
                case '\\': Raw("\\\\"u8); break;
                case '\b': Raw("\\b"u8); break;
                case '\f': Raw("\\f"u8); break;
                case '\n': Raw("\\n"u8); break;
                case '\r': Raw("\\r"u8); break;
                case '\t': Raw("\\t"u8); break;
                case '<' or '>' or '&' or 0x2028 or 0x2029 or < 0x20:
                    Raw(Encoding.ASCII.GetBytes("\\u" + rune.Value.ToString("x4", CultureInfo.InvariantCulture)));
                    break;
                default:
                    Raw(utf8[..rune.EncodeToUtf8(utf8)]);
                    break;
            }
        }
        Raw("\""u8);
    }

    private void Raw(ReadOnlySpan<byte> bytes) => output.Write(bytes);
}
