using System.Collections.Frozen;

namespace Hookgate.Errors;

/// <summary>
/// English texts of ZITADEL's i18n keys (internal/static/i18n/en.yaml). Keys without an entry are returned as
/// they are, as ZITADEL does (e.g. Errors.Target.AlreadyExists).
/// </summary>
public static class ErrorTexts
{
    private static readonly FrozenDictionary<string, string> Texts = new Dictionary<string, string>
    {
        ["Errors.Internal"] = "An internal error occurred",
        ["Errors.IDMissing"] = "ID missing",
        ["Errors.Query.LimitExceeded"] = "Limit exceeded",
        ["Errors.Query.InvalidRequest"] = "Request is invalid",
        ["Errors.Query.TooManyValues"] = "Too many values in one filter (at most 1000)",
        ["Errors.Target.Invalid"] = "Target is invalid",
        ["Errors.Target.NoTimeout"] = "Target has no timeout",
        ["Errors.Target.InvalidURL"] = "Target has an invalid URL",
        ["Errors.Target.NotFound"] = "Target not found",
        ["Errors.Target.InvalidExpirationDate"] = "Key expiration date must be in the future",
        ["Errors.Target.DeniedURL"] = "The target's URL points to a denied host or network",
        ["Errors.Target.PublicKeyExpired"] = "Target public key is expired",
        ["Errors.Target.PublicKeyActive"] = "Cannot delete active target public key",
        ["Errors.Target.InvalidPublicKey"] = "The public key is invalid. Must be a PEM encoded RSA or ECDSA public key in PKCS#8 format",
        ["Errors.Execution.ConditionInvalid"] = "Execution condition is invalid",
        ["Errors.Execution.Invalid"] = "Execution is invalid",
        ["Errors.Execution.NotFound"] = "Execution not found",
        ["Errors.Execution.IncludeNotFound"] = "Include not found",
        // ZITADEL has no text for these two and answers with the key; Hookgate says what is wrong.
        ["Errors.Execution.CircularInclude"] = "Execution would include itself (circular include)",
        ["Errors.Execution.MaxLevelsInclude"] = "Includes are nested too deep (at most 3 levels)",
        ["Errors.Execution.NoTargets"] = "No targets defined",
        ["Errors.Execution.Failed"] = "Execution failed",
        ["Errors.Execution.ResponseIsNotValidJSON"] = "Response is not valid JSON",
        ["Errors.Execution.MissingEncryptionKey"] = "No encryption key found for target",
        // ZITADEL returns its auth errors untranslated (the key itself); Hookgate gives the readable text.
        ["Errors.Token.Missing"] = "auth header missing",
        ["Errors.Token.Malformed"] = "invalid auth header",
        ["Errors.Token.Invalid"] = "Token is invalid",
        ["Errors.Permission.Missing"] = "No matching permissions found",
        ["Errors.User.AlreadyExists"] = "User already exists",
        ["Errors.Delivery.InvalidFilter"] = "A delivery filter must set one known field",
        ["Errors.Delivery.InvalidTime"] = "A delivery time bound is not a valid timestamp",
        ["Errors.Store.Contention"] = "Too many concurrent changes to the same object, try again",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string Translate(string key) => Texts.GetValueOrDefault(key, key);
}
