using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Hookgate.Protocol.Server;

/// <summary>gRPC wire pieces: length-prefixed frames, grpc-timeout, grpc-message encoding, status details.</summary>
internal static class GrpcWire
{
    public const int HeaderSize = 5;
    public const byte CompressedFlag = 0x01;
    public const byte TrailerFlag = 0x80;

    public enum FrameResult
    {
        Ok,
        Malformed,
    }

    /// <summary>Splits a unary request body into its single message frame.</summary>
    public static FrameResult ReadSingleFrame(ReadOnlySpan<byte> body, out bool compressed, out int payloadOffset, out int payloadLength)
    {
        compressed = false;
        payloadOffset = HeaderSize;
        payloadLength = 0;
        if (body.Length < HeaderSize || body[0] > CompressedFlag)
        {
            return FrameResult.Malformed;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(body[1..]);
        if (length != (uint)(body.Length - HeaderSize))
        {
            return FrameResult.Malformed;
        }

        compressed = body[0] == CompressedFlag;
        payloadLength = (int)length;
        return FrameResult.Ok;
    }

    /// <summary>Writes flag 0 + big-endian length + the serialized message.</summary>
    public static void WriteMessageFrame(IBufferWriter<byte> output, IMessage message)
    {
        var size = message.CalculateSize();
        var span = output.GetSpan(HeaderSize + size);
        span[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
        message.WriteTo(span.Slice(HeaderSize, size));
        output.Advance(HeaderSize + size);
    }

    /// <summary>gRPC-Web trailer frame: flag 0x80, length, "grpc-status:N\r\ngrpc-message:...\r\n".</summary>
    public static void WriteTrailerFrame(IBufferWriter<byte> output, StatusCode code, RpcException? error)
    {
        var text = new StringBuilder(64).Append("grpc-status:").Append(StatusMapping.StatusText(code)).Append("\r\n");
        if (error is not null)
        {
            text.Append("grpc-message:").Append(PercentEncode(error.Message)).Append("\r\n");
            text.Append("grpc-status-details-bin:").Append(StatusDetailsBin(error)).Append("\r\n");
        }

        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        var span = output.GetSpan(HeaderSize + bytes.Length);
        span[0] = TrailerFlag;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)bytes.Length);
        bytes.CopyTo(span[HeaderSize..]);
        output.Advance(HeaderSize + bytes.Length);
    }

    /// <summary>Parses "grpc-timeout": 1-8 digits and a unit (H, M, S, m, u, n).</summary>
    public static bool TryParseTimeout(string value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length is < 2 or > 9 || !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            'n' => amount / 100,
            _ => null,
        };
        if (ticks is null)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }

    /// <summary>Percent-encodes per the gRPC HTTP/2 spec: bytes outside 0x20-0x7E and '%' become %XX of the UTF-8.</summary>
    public static string PercentEncode(string message)
    {
        var clean = true;
        foreach (var c in message)
        {
            if (c < 0x20 || c > 0x7E || c == '%')
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return message;
        }

        var bytes = Encoding.UTF8.GetBytes(message);
        var builder = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            if (b < 0x20 || b > 0x7E || b == '%')
            {
                builder.Append('%').Append(((int)b).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }

    /// <summary>Unpadded base64 of google.rpc.Status{code, message, details as Any}.</summary>
    public static string StatusDetailsBin(RpcException error)
    {
        var status = new Google.Rpc.Status { Code = (int)error.Code, Message = error.Message };
        foreach (var detail in error.Details)
        {
            status.Details.Add(Any.Pack(detail));
        }

        return Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
    }
}
