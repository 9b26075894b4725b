using System.Globalization;
using System.Text;

namespace Hookgate.Protocol.Json;

/// <summary>Text forms of Timestamp, Duration and FieldMask paths, following protobuf-go's protojson.</summary>
internal static class WellKnownText
{
    public const long MinTimestampSeconds = -62135596800; // 0001-01-01T00:00:00Z
    public const long MaxTimestampSeconds = 253402300799; // 9999-12-31T23:59:59Z
    public const long MaxDurationSeconds = 315576000000;

    /// <summary>RFC 3339, 'Z'-normalised, 0/3/6/9 fraction digits.</summary>
    public static int FormatTimestamp(long seconds, int nanos, Span<byte> destination)
    {
        if (seconds < MinTimestampSeconds || seconds > MaxTimestampSeconds || nanos < 0 || nanos > 999_999_999)
        {
            throw new ProtoJsonException($"google.protobuf.Timestamp: seconds:{seconds} nanos:{nanos} is out of range");
        }

        var t = DateTime.UnixEpoch.AddSeconds(seconds);
        var pos = 0;
        Digits(destination, ref pos, t.Year, 4);
        destination[pos++] = (byte)'-';
        Digits(destination, ref pos, t.Month, 2);
        destination[pos++] = (byte)'-';
        Digits(destination, ref pos, t.Day, 2);
        destination[pos++] = (byte)'T';
        Digits(destination, ref pos, t.Hour, 2);
        destination[pos++] = (byte)':';
        Digits(destination, ref pos, t.Minute, 2);
        destination[pos++] = (byte)':';
        Digits(destination, ref pos, t.Second, 2);
        Fraction(destination, ref pos, nanos);
        destination[pos++] = (byte)'Z';
        return pos;
    }

    /// <summary>"1.5s" style, 0/3/6/9 fraction digits.</summary>
    public static int FormatDuration(long seconds, int nanos, Span<byte> destination)
    {
        if (seconds < -MaxDurationSeconds || seconds > MaxDurationSeconds || nanos <= -1_000_000_000 || nanos >= 1_000_000_000
            || seconds > 0 && nanos < 0 || seconds < 0 && nanos > 0)
        {
            throw new ProtoJsonException($"google.protobuf.Duration: seconds:{seconds} nanos:{nanos} is out of range");
        }

        var pos = 0;
        if (seconds < 0 || nanos < 0)
        {
            destination[pos++] = (byte)'-';
            seconds = -seconds;
            nanos = -nanos;
        }

        System.Buffers.Text.Utf8Formatter.TryFormat(seconds, destination[pos..], out var written);
        pos += written;
        Fraction(destination, ref pos, nanos);
        destination[pos++] = (byte)'s';
        return pos;
    }

    public static bool TryParseTimestamp(ReadOnlySpan<char> s, out long seconds, out int nanos)
    {
        seconds = 0;
        nanos = 0;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !Number(s[..4], out var year) || !Number(s.Slice(5, 2), out var month) || !Number(s.Slice(8, 2), out var day)
            || !Number(s.Slice(11, 2), out var hour) || !Number(s.Slice(14, 2), out var minute) || !Number(s.Slice(17, 2), out var second))
        {
            return false;
        }

        var rest = s[19..];
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 1 || digits > 10)
            {
                return false;
            }

            Number(rest[1..digits], out nanos);
            for (var i = digits - 1; i < 9; i++)
            {
                nanos *= 10;
            }

            rest = rest[digits..];
        }

        var offsetSeconds = 0;
        if (rest.Length == 1 && rest[0] == 'Z')
        {
            offsetSeconds = 0;
        }
        else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':'
                 && Number(rest.Slice(1, 2), out var offsetHours) && Number(rest.Slice(4, 2), out var offsetMinutes)
                 && offsetHours < 24 && offsetMinutes < 60)
        {
            offsetSeconds = (rest[0] == '-' ? -1 : 1) * ((offsetHours * 3600) + (offsetMinutes * 60));
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        seconds = ((local.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond) - offsetSeconds;
        return seconds is >= MinTimestampSeconds and <= MaxTimestampSeconds;
    }

    /// <summary>protojson Duration: optional '-', integer seconds (no leading zeros), up to 9 fraction digits, 's'.</summary>
    public static bool TryParseDuration(ReadOnlySpan<char> s, out long seconds, out int nanos)
    {
        seconds = 0;
        nanos = 0;
        var negative = s.Length > 0 && s[0] == '-';
        if (negative)
        {
            s = s[1..];
        }

        var intDigits = 0;
        while (intDigits < s.Length && char.IsAsciiDigit(s[intDigits]))
        {
            intDigits++;
        }

        if (intDigits > 1 && s[0] == '0' || intDigits > 12)
        {
            return false;
        }

        if (intDigits > 0 && !long.TryParse(s[..intDigits], NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
        {
            return false;
        }

        s = s[intDigits..];
        var hasFraction = false;
        if (s.Length > 0 && s[0] == '.')
        {
            var digits = 1;
            while (digits < s.Length && char.IsAsciiDigit(s[digits]))
            {
                digits++;
            }

            if (digits > 10)
            {
                return false;
            }

            hasFraction = digits > 1;
            if (hasFraction)
            {
                Number(s[1..digits], out nanos);
                for (var i = digits - 1; i < 9; i++)
                {
                    nanos *= 10;
                }
            }

            s = s[digits..];
        }

        if (s.Length != 1 || s[0] != 's' || intDigits == 0 && !hasFraction || seconds > MaxDurationSeconds)
        {
            return false;
        }

        if (negative)
        {
            seconds = -seconds;
            nanos = -nanos;
        }

        return true;
    }

    /// <summary>Go's time.ParseDuration syntax ("1h30m", "1.5s", "300ms"), used for REST query parameters.</summary>
    public static bool TryParseGoDuration(ReadOnlySpan<char> s, out long seconds, out int nanos)
    {
        seconds = 0;
        nanos = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        decimal totalNanos = 0;
        while (!s.IsEmpty)
        {
            var n = 0;
            while (n < s.Length && (char.IsAsciiDigit(s[n]) || s[n] == '.'))
            {
                n++;
            }

            if (n == 0 || !decimal.TryParse(s[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            s = s[n..];
            var u = 0;
            while (u < s.Length && !char.IsAsciiDigit(s[u]) && s[u] != '.')
            {
                u++;
            }

            decimal unit = s[..u] switch
            {
                "ns" => 1m,
                "us" or "\u00b5s" or "\u03bcs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => 0m,
            };
            if (unit == 0)
            {
                return false;
            }

            totalNanos += amount * unit;
            if (totalNanos > long.MaxValue)
            {
                return false;
            }

            s = s[u..];
        }

        var whole = (long)decimal.Truncate(totalNanos);
        seconds = whole / 1_000_000_000;
        nanos = (int)(whole % 1_000_000_000);
        if (negative)
        {
            seconds = -seconds;
            nanos = -nanos;
        }

        return true;
    }

    /// <summary>FieldMask path to JSON: snake_case → lowerCamelCase; fails when the mapping is not reversible.</summary>
    public static string ToJsonPath(string path)
    {
        var builder = new StringBuilder(path.Length);
        var wasUnderscore = false;
        foreach (var c in path)
        {
            if (c != '_')
            {
                builder.Append(wasUnderscore && char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c) : c);
            }

            wasUnderscore = c == '_';
        }

        var camel = builder.ToString();
        if (FromJsonPathUnchecked(camel) != path)
        {
            throw new ProtoJsonException($"google.protobuf.FieldMask.paths contains invalid path: \"{path}\"");
        }

        return camel;
    }

    /// <summary>FieldMask path from JSON: lowerCamelCase → snake_case; rejects underscores and non-identifiers.</summary>
    public static bool TryFromJsonPath(ReadOnlySpan<char> camel, out string path)
    {
        path = FromJsonPathUnchecked(camel);
        if (camel.Contains('_') || path.Length == 0)
        {
            return false;
        }

        foreach (var part in path.Split('.'))
        {
            if (part.Length == 0 || !(char.IsAsciiLetter(part[0]) || part[0] == '_'))
            {
                return false;
            }

            foreach (var c in part)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string FromJsonPathUnchecked(ReadOnlySpan<char> camel)
    {
        var builder = new StringBuilder(camel.Length + 4);
        foreach (var c in camel)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                builder.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static void Fraction(Span<byte> destination, ref int pos, int nanos)
    {
        if (nanos == 0)
        {
            return;
        }

        destination[pos++] = (byte)'.';
        if (nanos % 1_000_000 == 0)
        {
            Digits(destination, ref pos, nanos / 1_000_000, 3);
        }
        else if (nanos % 1_000 == 0)
        {
            Digits(destination, ref pos, nanos / 1_000, 6);
        }
        else
        {
            Digits(destination, ref pos, nanos, 9);
        }
    }

    private static void Digits(Span<byte> destination, ref int pos, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            destination[pos + i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        pos += width;
    }

    private static bool Number(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return digits.Length > 0;
    }
}
