using Hookgate.Errors;

namespace Hookgate.Storage;

/// <summary>Offset pagination as ZITADEL's list APIs have it: newest first unless <see cref="Asc"/>, limit 100 by default, 1000 at most.</summary>
public sealed record ListQuery(long Offset = 0, int Limit = ListQuery.DefaultLimit, bool Asc = false)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Applies ZITADEL's rules to a requested limit: 0 means the default, above the maximum is an error.</summary>
    public static ListQuery From(ulong offset, uint limit, bool asc)
    {
        if (limit > MaxLimit)
        {
            throw ApiError.InvalidArgument("QUERY-4M0fs", "Errors.Query.LimitExceeded");
        }
        return new ListQuery((long)Math.Min(offset, long.MaxValue), limit == 0 ? DefaultLimit : (int)limit, asc);
    }

    public string OrderBy(string column, string tieBreaker) =>
        Asc ? $"ORDER BY {column} ASC, {tieBreaker} ASC" : $"ORDER BY {column} DESC, {tieBreaker} DESC";
}

/// <summary>A page of a list and the total before offset and limit (0 past the last row, as ZITADEL's window count).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long TotalResult, int AppliedLimit);
