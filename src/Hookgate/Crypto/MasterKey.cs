using System.Security.Cryptography;
using System.Text;

namespace Hookgate.Crypto;

/// <summary>
/// Encrypts secrets at rest (signing keys) with AES-256-GCM under the master key. The key comes from
/// configuration (32 characters, as ZITADEL's masterkey, or base64 of 32 bytes) or is generated on first start
/// into the data directory with mode 0600.
/// </summary>
public sealed class MasterKey
{
    public const string Algorithm = "aes-256-gcm";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    private MasterKey(byte[] key, string keyId)
    {
        _key = key;
        KeyId = keyId;
    }

    /// <summary>A short fingerprint of the key, stored with every secret so a wrong key is detected, not misused.</summary>
    public string KeyId { get; }

    public static MasterKey FromSecret(string secret)
    {
        var key = secret.Length == 32 ? Encoding.UTF8.GetBytes(secret) : TryBase64(secret);
        if (key is not { Length: 32 })
        {
            throw new ArgumentException("The master key must be 32 characters, or base64 of 32 bytes.");
        }
        var id = Convert.ToHexStringLower(SHA256.HashData(key))[..16];
        return new MasterKey(key, id);
    }

    /// <summary>Reads the key file, creating it (0600) with a random key when it does not exist.</summary>
    public static MasterKey LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            FileSecrets.WritePrivate(path, secret + "\n");
        }
        return FromSecret(File.ReadAllText(path).Trim());
    }

    public CryptoValue Encrypt(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length));
        return new CryptoValue(0, Algorithm, KeyId, sealedBytes);
    }

    public string Decrypt(CryptoValue value)
    {
        if (value.KeyId != KeyId || value.Algorithm != Algorithm)
        {
            throw new CryptographicException($"secret was encrypted with master key {value.KeyId}, this node has {KeyId}");
        }
        var sealedBytes = value.Crypted.AsSpan();
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, plain.Length), sealedBytes[^TagSize..], plain);
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[]? TryBase64(string s)
    {
        var buffer = new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out var written) ? buffer[..written] : null;
    }
}
