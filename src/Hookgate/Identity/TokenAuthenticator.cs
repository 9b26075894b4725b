using System.Collections.Concurrent;
using Hookgate.Errors;
using Hookgate.Storage;

namespace Hookgate.Identity;

/// <summary>
/// Resolves <c>Authorization: Bearer &lt;personal access token&gt;</c> to a <see cref="Caller"/>. Resolved tokens
/// are cached for a few seconds so the hot path does no database read; a token removed on any node stops
/// working within <see cref="CacheFor"/>.
/// </summary>
public sealed class TokenAuthenticator(Database database, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private const int MaxCacheEntries = 10_000;

    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);

    private sealed record CacheEntry(Caller Caller, DateTimeOffset TokenExpiration, DateTimeOffset CachedUntil);

    public async ValueTask<Caller> AuthenticateAsync(string instanceId, string? authorization, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Keyed by the header as sent, so a cached call neither parses nor allocates.
        if (authorization is not null && _cache.TryGetValue(authorization, out var cached) && cached.CachedUntil > now)
        {
            return Check(cached, instanceId, now);
        }
        var entry = await LoadAsync(BearerToken(authorization), now, ct);
        if (_cache.Count >= MaxCacheEntries)
        {
            _cache.Clear();
        }
        _cache[authorization!] = entry;
        return Check(entry, instanceId, now);
    }

    private static Caller Check(CacheEntry entry, string instanceId, DateTimeOffset now)
    {
        if (entry.TokenExpiration <= now || entry.Caller.InstanceId != instanceId)
        {
            throw InvalidToken();
        }
        return entry.Caller;
    }

    private static string BearerToken(string? authorization)
    {
        const string scheme = "Bearer ";
        if (string.IsNullOrEmpty(authorization))
        {
            throw ApiError.Unauthenticated("AUTH-7fs1e", "Errors.Token.Missing");
        }
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || authorization.Length == scheme.Length)
        {
            throw ApiError.Unauthenticated("AUTH-7fs1e", "Errors.Token.Malformed");
        }
        return authorization[scheme.Length..].Trim();
    }

    private async Task<CacheEntry> LoadAsync(string token, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.Command(null,
            """
            SELECT t.instance_id, u.org_id, t.user_id, t.expiration, m.roles
            FROM personal_access_tokens t
            JOIN users u ON u.instance_id = t.instance_id AND u.id = t.user_id
            LEFT JOIN members m ON m.instance_id = t.instance_id AND m.scope = 'instance' AND m.user_id = t.user_id
            WHERE t.token_hash = @hash
            """,
            ("hash", IdentityCommands.HashToken(token)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw InvalidToken();
        }
        var roles = reader.GetNullableString(4)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var caller = new Caller(reader.GetString(0), reader.GetString(1), reader.GetString(2), Roles.PermissionsOf(roles));
        return new CacheEntry(caller, reader.GetTime(3), now + CacheFor);
    }

    private static ApiError InvalidToken() => ApiError.Unauthenticated("AUTH-7fs1e", "Errors.Token.Invalid");
}
