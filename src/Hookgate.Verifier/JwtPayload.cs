using System.Security.Cryptography;
using System.Text;

namespace Hookgate.Verifier;

/// <summary>
/// Reads payload type JWT: a compact JWS whose payload is the ContextInfo JSON itself (there are no iss/exp/aud
/// claims), signed with the instance's active web key.
/// </summary>
public static class JwtPayload
{
    /// <summary>Verifies the token against the key its "kid" names and returns the payload: the ContextInfo JSON bytes.</summary>
    /// <exception cref="WebhookVerificationException">The token is malformed, names an unknown key or has a bad signature.</exception>
    public static byte[] Read(string compactJws, JsonWebKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var token = CompactToken.Parse(compactJws, 3, "JWT");
        var alg = token.HeaderString("alg") ?? throw new WebhookVerificationException("The JWT header has no \"alg\".");
        var kid = token.HeaderString("kid") ?? throw new WebhookVerificationException("The JWT header has no \"kid\".");
        var key = keys.Find(kid)
            ?? throw new WebhookVerificationException($"The key set has no key \"{kid}\"; fetch it again if ZITADEL has rotated its keys.");

        var signingInput = Encoding.ASCII.GetBytes(compactJws, 0, token.Segments[0].Length + 1 + token.Segments[1].Length);
        var signature = token.DecodeSegment(2, "signature");
        bool valid;
        try
        {
            valid = key.VerifySignature(alg, signingInput, signature);
        }
        catch (CryptographicException e)
        {
            throw new WebhookVerificationException($"The key \"{kid}\" is not a valid public key.", e);
        }
        if (!valid)
        {
            throw new WebhookVerificationException($"The JWT signature does not verify with key \"{kid}\".");
        }
        return token.DecodeSegment(1, "payload");
    }
}
