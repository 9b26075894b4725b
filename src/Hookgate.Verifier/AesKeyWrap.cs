using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Hookgate.Verifier;

/// <summary>AES key unwrap (RFC 3394 §2.2.2), for ECDH-ES+A256KW.</summary>
internal static class AesKeyWrap
{
    private const ulong InitialValue = 0xA6A6A6A6A6A6A6A6;

    /// <summary>The key data, or null when the integrity check fails (wrong key or tampered input).</summary>
    public static byte[]? Unwrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> wrapped)
    {
        if (wrapped.Length < 24 || wrapped.Length % 8 != 0)
        {
            return null;
        }
        using var aes = Aes.Create();
        aes.Key = kek.ToArray();
        var n = wrapped.Length / 8 - 1;
        Span<byte> a = stackalloc byte[8];
        wrapped[..8].CopyTo(a);
        var keyData = wrapped[8..].ToArray();
        Span<byte> input = stackalloc byte[16];
        Span<byte> block = stackalloc byte[16];
        for (var j = 5; j >= 0; j--)
        {
            for (var i = n; i >= 1; i--)
            {
                var r = keyData.AsSpan(8 * (i - 1), 8);
                var t = (ulong)(n * j + i);
                BinaryPrimitives.WriteUInt64BigEndian(input, BinaryPrimitives.ReadUInt64BigEndian(a) ^ t);
                r.CopyTo(input[8..]);
                aes.DecryptEcb(input, block, PaddingMode.None);
                block[..8].CopyTo(a);
                block[8..].CopyTo(r);
            }
        }
        Span<byte> expected = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(expected, InitialValue);
        if (!CryptographicOperations.FixedTimeEquals(a, expected))
        {
            CryptographicOperations.ZeroMemory(keyData);
            return null;
        }
        return keyData;
    }
}
