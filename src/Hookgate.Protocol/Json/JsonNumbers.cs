using System.Globalization;

namespace Hookgate.Protocol.Json;

/// <summary>Number formatting and parsing with Go protojson's rules.</summary>
internal static class JsonNumbers
{
    /// <summary>
    /// Formats a finite float/double like Go's encoding/json: shortest round-trip digits, plain notation for
    /// 1e-6 &lt;= |v| &lt; 1e21, otherwise exponent notation ("1e+21", "1e-7").
    /// </summary>
    public static int FormatFloat(double value, bool isFloat, Span<byte> destination)
    {
        if (value == 0)
        {
            var negativeZero = double.IsNegative(value);
            if (negativeZero)
            {
                destination[0] = (byte)'-';
            }

            destination[negativeZero ? 1 : 0] = (byte)'0';
            return negativeZero ? 2 : 1;
        }

        Span<char> text = stackalloc char[40];
        var ok = isFloat
            ? ((float)value).TryFormat(text, out var length, "R", CultureInfo.InvariantCulture)
            : value.TryFormat(text, out length, "R", CultureInfo.InvariantCulture);
        if (!ok)
        {
            throw new InvalidOperationException("float formatting failed");
        }

        // Split "-d.dddE+xx" into sign, significant digits and the decimal point position.
        text = text[..length];
        var pos = 0;
        var negative = text[0] == '-';
        if (negative)
        {
            text = text[1..];
        }

        var exponentAt = text.IndexOf('E');
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        Span<char> digits = stackalloc char[40];
        var digitCount = 0;
        var pointPosition = mantissa.IndexOf('.');
        if (pointPosition < 0)
        {
            pointPosition = mantissa.Length;
        }

        foreach (var c in mantissa)
        {
            if (c != '.')
            {
                digits[digitCount++] = c;
            }
        }

        var leadingZeros = 0;
        while (leadingZeros < digitCount - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..digitCount];
        while (digits.Length > 1 && digits[^1] == '0')
        {
            digits = digits[..^1];
        }

        var point = pointPosition - leadingZeros + exponent; // value = 0.digits * 10^point
        if (negative)
        {
            destination[pos++] = (byte)'-';
        }

        var abs = Math.Abs(value);
        var scientific = isFloat
            ? (float)abs < 1e-6f || (float)abs >= 1e21f
            : abs < 1e-6 || abs >= 1e21;
        if (scientific)
        {
            destination[pos++] = (byte)digits[0];
            if (digits.Length > 1)
            {
                destination[pos++] = (byte)'.';
                foreach (var c in digits[1..])
                {
                    destination[pos++] = (byte)c;
                }
            }

            var e = point - 1;
            destination[pos++] = (byte)'e';
            destination[pos++] = (byte)(e < 0 ? '-' : '+');
            var magnitude = Math.Abs(e);

            // Go prints at least two exponent digits, then protojson strips the zero from "e-0X".
            if (magnitude >= 100)
            {
                destination[pos++] = (byte)('0' + (magnitude / 100));
            }

            if (magnitude >= 10 || e > 0)
            {
                destination[pos++] = (byte)('0' + (magnitude / 10 % 10));
            }

            destination[pos++] = (byte)('0' + (magnitude % 10));
            return pos;
        }

        if (point <= 0)
        {
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            for (var i = 0; i < -point; i++)
            {
                destination[pos++] = (byte)'0';
            }

            foreach (var c in digits)
            {
                destination[pos++] = (byte)c;
            }
        }
        else if (point >= digits.Length)
        {
            foreach (var c in digits)
            {
                destination[pos++] = (byte)c;
            }

            for (var i = digits.Length; i < point; i++)
            {
                destination[pos++] = (byte)'0';
            }
        }
        else
        {
            for (var i = 0; i < digits.Length; i++)
            {
                if (i == point)
                {
                    destination[pos++] = (byte)'.';
                }

                destination[pos++] = (byte)digits[i];
            }
        }

        return pos;
    }

    /// <summary>
    /// Parses a JSON number text (grammar-checked) into an integer. Accepts fractions/exponents that resolve to an
    /// integral value ("1.0", "1e3"), like protobuf-go.
    /// </summary>
    public static bool TryParseInteger(ReadOnlySpan<byte> text, bool unsigned, out long signedValue, out ulong unsignedValue)
    {
        signedValue = 0;
        unsignedValue = 0;
        if (!IsJsonNumber(text))
        {
            return false;
        }

        var plain = text.IndexOfAny("."u8) < 0 && text.IndexOfAny("eE"u8) < 0;
        if (plain)
        {
            return unsigned
                ? System.Buffers.Text.Utf8Parser.TryParse(text, out unsignedValue, out var consumedU) && consumedU == text.Length
                : System.Buffers.Text.Utf8Parser.TryParse(text, out signedValue, out var consumed) && consumed == text.Length;
        }

        Span<char> chars = stackalloc char[text.Length <= 64 ? text.Length : 0];
        if (chars.Length == 0)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            chars[i] = (char)text[i];
        }

        if (!decimal.TryParse(chars, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d != decimal.Truncate(d))
        {
            return false;
        }

        if (unsigned)
        {
            if (d < 0 || d > ulong.MaxValue)
            {
                return false;
            }

            unsignedValue = (ulong)d;
            return true;
        }

        if (d < long.MinValue || d > long.MaxValue)
        {
            return false;
        }

        signedValue = (long)d;
        return true;
    }

    /// <summary>Parses a JSON number text into a double; out-of-range values fail instead of becoming infinity.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, bool isFloat, out double value)
    {
        value = 0;
        Span<char> chars = stackalloc char[text.Length <= 512 ? text.Length : 0];
        if (chars.Length == 0 || !IsJsonNumber(text))
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            chars[i] = (char)text[i];
        }

        if (!double.TryParse(chars, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            || double.IsInfinity(parsed) || isFloat && float.IsInfinity((float)parsed))
        {
            return false;
        }

        value = isFloat ? (float)parsed : parsed;
        return true;
    }

    /// <summary>Checks the strict JSON number grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?</summary>
    public static bool IsJsonNumber(ReadOnlySpan<byte> s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }

        if (i >= s.Length)
        {
            return false;
        }

        if (s[i] == '0')
        {
            i++;
        }
        else if (s[i] is >= (byte)'1' and <= (byte)'9')
        {
            while (i < s.Length && char.IsAsciiDigit((char)s[i]))
            {
                i++;
            }
        }
        else
        {
            return false;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            var start = i;
            while (i < s.Length && char.IsAsciiDigit((char)s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            var start = i;
            while (i < s.Length && char.IsAsciiDigit((char)s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        return i == s.Length;
    }
}
