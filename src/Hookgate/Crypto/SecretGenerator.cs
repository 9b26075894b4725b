using System.Security.Cryptography;

namespace Hookgate.Crypto;

public static class SecretGenerator
{
    private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>ZITADEL's SigningKey generator: 36 characters of lower and upper letters and digits.</summary>
    public static string SigningKey() => RandomNumberGenerator.GetString(Alphanumeric, 36);

    /// <summary>A personal access token: 32 random bytes, base64url.</summary>
    public static string AccessToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
