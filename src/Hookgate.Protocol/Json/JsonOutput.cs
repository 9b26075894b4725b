using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Hookgate.Protocol.Json;

/// <summary>
/// Minimal compact JSON byte writer over an <see cref="IBufferWriter{T}"/>. Escapes exactly like Go's protojson
/// (only '"', '\\' and control characters), which Utf8JsonWriter's encoders cannot reproduce.
/// </summary>
internal sealed class JsonOutput
{
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    private readonly IBufferWriter<byte> _output;
    private Memory<byte> _buffer;
    private int _position;

    public JsonOutput(IBufferWriter<byte> output) => _output = output;

    public void Flush()
    {
        if (_position > 0)
        {
            _output.Advance(_position);
        }

        _buffer = default;
        _position = 0;
    }

    public void Byte(byte value)
    {
        Reserve(1)[0] = value;
        _position++;
    }

    public void Raw(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Reserve(utf8.Length));
        _position += utf8.Length;
    }

    public void Int64(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(20), out var written);
        _position += written;
    }

    public void UInt64(ulong value)
    {
        Utf8Formatter.TryFormat(value, Reserve(20), out var written);
        _position += written;
    }

    public void QuotedInt64(long value)
    {
        Byte((byte)'"');
        Int64(value);
        Byte((byte)'"');
    }

    public void QuotedUInt64(ulong value)
    {
        Byte((byte)'"');
        UInt64(value);
        Byte((byte)'"');
    }

    public void Bool(bool value) => Raw(value ? "true"u8 : "false"u8);

    public void Double(double value, bool isFloat)
    {
        if (double.IsNaN(value))
        {
            Raw("\"NaN\""u8);
        }
        else if (double.IsPositiveInfinity(value))
        {
            Raw("\"Infinity\""u8);
        }
        else if (double.IsNegativeInfinity(value))
        {
            Raw("\"-Infinity\""u8);
        }
        else
        {
            var written = JsonNumbers.FormatFloat(value, isFloat, Reserve(40));
            _position += written;
        }
    }

    public void Base64(ReadOnlySpan<byte> data)
    {
        Byte((byte)'"');
        var span = Reserve(System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(data.Length));
        System.Buffers.Text.Base64.EncodeToUtf8(data, span, out _, out var written);
        _position += written;
        Byte((byte)'"');
    }

    /// <summary>Writes a quoted, escaped JSON string.</summary>
    public void String(ReadOnlySpan<char> value)
    {
        Byte((byte)'"');
        StringContent(value);
        Byte((byte)'"');
    }

    /// <summary>Writes escaped string content without the quotes.</summary>
    public void StringContent(ReadOnlySpan<char> value)
    {
        while (!value.IsEmpty)
        {
            var index = value.IndexOfAny(NeedsEscape);
            var chunk = index < 0 ? value : value[..index];
            if (!chunk.IsEmpty)
            {
                var span = Reserve(Encoding.UTF8.GetMaxByteCount(chunk.Length));
                _position += Encoding.UTF8.GetBytes(chunk, span);
            }

            if (index < 0)
            {
                break;
            }

            Escape(value[index]);
            value = value[(index + 1)..];
        }
    }

    private void Escape(char c)
    {
        switch (c)
        {
            case '"': Raw("\\\""u8); break;
            case '\\': Raw("\\\\"u8); break;
            case '\b': Raw("\\b"u8); break;
            case '\f': Raw("\\f"u8); break;
            case '\n': Raw("\\n"u8); break;
            case '\r': Raw("\\r"u8); break;
            case '\t': Raw("\\t"u8); break;
            default:
                // Go writes \u00XX with lowercase hex.
                var span = Reserve(6);
                "\\u00"u8.CopyTo(span);
                span[4] = HexLower(c >> 4);
                span[5] = HexLower(c & 0xF);
                _position += 6;
                break;
        }
    }

    private static byte HexLower(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    private Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _position < size)
        {
            Flush();
            _buffer = _output.GetMemory(Math.Max(size, 256));
        }

        return _buffer.Span[_position..];
    }
}
