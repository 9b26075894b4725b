using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Hookgate.Runtime.Jose;

/// <summary>AES key wrap (RFC 3394 §2.2.1), for ECDH-ES+A256KW.</summary>
internal static class AesKeyWrap
{
    private const ulong InitialValue = 0xA6A6A6A6A6A6A6A6;

    public static byte[] Wrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> keyData)
    {
        if (keyData.Length < 16 || keyData.Length % 8 != 0)
        {
            throw new ArgumentException("Key data must be at least two 64-bit blocks.", nameof(keyData));
        }
        using var aes = Aes.Create();
        aes.Key = kek.ToArray();
        var n = keyData.Length / 8;
        var output = new byte[keyData.Length + 8];
        var a = output.AsSpan(0, 8);
        BinaryPrimitives.WriteUInt64BigEndian(a, InitialValue);
        keyData.CopyTo(output.AsSpan(8));
        Span<byte> input = stackalloc byte[16];
        Span<byte> block = stackalloc byte[16];
        for (var j = 0; j < 6; j++)
        {
            for (var i = 1; i <= n; i++)
            {
                var r = output.AsSpan(8 * i, 8);
                a.CopyTo(input);
                r.CopyTo(input[8..]);
                aes.EncryptEcb(input, block, PaddingMode.None);
                var t = (ulong)(n * j + i);
                BinaryPrimitives.WriteUInt64BigEndian(a, BinaryPrimitives.ReadUInt64BigEndian(block) ^ t);
                block[8..].CopyTo(r);
            }
        }
        return output;
    }
}
