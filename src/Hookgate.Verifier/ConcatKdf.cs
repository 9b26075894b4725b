using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Hookgate.Verifier;

// The receiver library stands alone, so it carries its own copy of the sender's primitives (Hookgate.Runtime.Jose);
// the tests check both against the RFC vectors and against each other.

/// <summary>The Concat KDF of RFC 7518 §4.6.2 (NIST SP 800-56A single-step KDF with SHA-256).</summary>
internal static class ConcatKdf
{
    public static byte[] DeriveKey(ReadOnlySpan<byte> z, string algorithmId, ReadOnlySpan<byte> partyUInfo, ReadOnlySpan<byte> partyVInfo, int keyDataLengthBits)
    {
        const int hashSize = 32;
        var rounds = (keyDataLengthBits / 8 + hashSize - 1) / hashSize;
        var output = new byte[rounds * hashSize];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var counter = 1; counter <= rounds; counter++)
        {
            AppendUInt32(hash, (uint)counter);
            hash.AppendData(z);
            AppendPrefixed(hash, Encoding.ASCII.GetBytes(algorithmId));
            AppendPrefixed(hash, partyUInfo);
            AppendPrefixed(hash, partyVInfo);
            AppendUInt32(hash, (uint)keyDataLengthBits); // SuppPubInfo; SuppPrivInfo is empty
            hash.GetHashAndReset(output.AsSpan((counter - 1) * hashSize));
        }
        return output[..(keyDataLengthBits / 8)];
    }

    private static void AppendPrefixed(IncrementalHash hash, ReadOnlySpan<byte> data)
    {
        AppendUInt32(hash, (uint)data.Length);
        hash.AppendData(data);
    }

    private static void AppendUInt32(IncrementalHash hash, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        hash.AppendData(bytes);
    }
}
