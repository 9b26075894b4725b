using System.Buffers;
using System.IO.Pipelines;

namespace Hookgate.Protocol.Listener;

internal enum PrefaceDecision
{
    Http1,
    Http2,

    /// <summary>The peer closed before the protocol could be told.</summary>
    Closed,
}

/// <summary>Peeks at the HTTP/2 client preface without consuming any byte.</summary>
internal static class PrefaceSniffer
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>
    /// Reads until the first byte that differs from the preface (HTTP/1.1) or the full 24-byte preface (h2c), then
    /// leaves the data unconsumed. "examined" never moves backwards (PipeReader forbids it): it stays at the length
    /// examined by the previous read, which is shorter than the current buffer, so the next reader sees the bytes at once.
    /// </summary>
    public static async ValueTask<PrefaceDecision> SniffAsync(PipeReader input, CancellationToken cancellationToken)
    {
        long examined = 0;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var decision = Decide(buffer);
            if (decision is not null)
            {
                input.AdvanceTo(buffer.Start, buffer.GetPosition(examined));
                return decision.Value;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            examined = buffer.Length;
            if (result.IsCompleted || result.IsCanceled)
            {
                return PrefaceDecision.Closed;
            }
        }
    }

    private static PrefaceDecision? Decide(ReadOnlySequence<byte> buffer)
    {
        Span<byte> head = stackalloc byte[24];
        var length = (int)Math.Min(buffer.Length, head.Length);
        buffer.Slice(0, length).CopyTo(head);
        for (var i = 0; i < length; i++)
        {
            if (head[i] != Preface[i])
            {
                return PrefaceDecision.Http1;
            }
        }

        return length == Preface.Length ? PrefaceDecision.Http2 : null;
    }
}
