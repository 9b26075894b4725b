using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Hookgate.Protocol.Server;

/// <summary>A request body in a pooled buffer. Dispose returns the buffer.</summary>
internal struct PooledBody : IDisposable
{
    public PooledBody(byte[] buffer, int length)
    {
        Buffer = buffer;
        Length = length;
    }

    public byte[] Buffer { get; private set; }

    public int Length { get; set; }

    public readonly ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public readonly ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    public void Dispose()
    {
        if (Buffer is { Length: > 0 })
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }

        Buffer = [];
        Length = 0;
    }
}

/// <summary>Reads request bodies into pooled buffers, enforcing the size limit up front and while reading.</summary>
internal static class RequestBodyReader
{
    public const int TooLarge = -1;

    /// <summary>Returns false when the body exceeds <paramref name="maxBytes"/>.</summary>
    public static async ValueTask<(bool Ok, PooledBody Body)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var declared = request.ContentLength;
        if (declared > maxBytes)
        {
            return (false, default);
        }

        var cap = (int)Math.Min(maxBytes + 1, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(declared is > 0 ? declared.Value + 1 : 4096, cap));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= cap)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (false, default);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (false, default);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return (true, new PooledBody(buffer, length));
    }

    /// <summary>Gunzips into a new pooled buffer; null on corrupt data, Length == TooLarge when over the limit.</summary>
    public static PooledBody? Gunzip(ReadOnlyMemory<byte> compressed, long maxBytes)
    {
        var cap = (int)Math.Min(maxBytes + 1, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(compressed.Length * 4, 256), cap));
        var length = 0;
        try
        {
            using var stream = new GZipStream(new ReadOnlyMemoryStream(compressed), CompressionMode.Decompress);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= cap)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return new PooledBody([], TooLarge);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return new PooledBody([], TooLarge);
                }
            }
        }
        catch (InvalidDataException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }

        return new PooledBody(buffer, length);
    }

    /// <summary>Read-only stream over memory, so gunzip needs no copy of the compressed bytes.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, data.Length - _position);
            data.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
