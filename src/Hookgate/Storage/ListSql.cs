using System.Data.Common;
using System.Globalization;
using System.Text;
using Hookgate.Errors;

namespace Hookgate.Storage;

/// <summary>
/// Builds a filtered, sorted, paged read of a projection and reads the page with its total (a window count over
/// the filtered rows, so an offset past the end reports 0 as ZITADEL does).
/// </summary>
public sealed class ListSql(Database database, string select, params (string Name, object? Value)[] parameters)
{
    private readonly StringBuilder _sql = new(select);
    private readonly List<(string Name, object? Value)> _parameters = [.. parameters];

    /// <summary>Binds a value and returns its placeholder.</summary>
    public string Bind(object? value)
    {
        var name = "p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return "@" + name;
    }

    public ListSql Where(string condition)
    {
        _sql.Append(" AND ").Append(condition);
        return this;
    }

    /// <summary>Values one IN filter may hold: far below what either database allows as parameters.</summary>
    public const int MaxInValues = 1000;

    /// <summary>"column IN (…)"; an empty list matches nothing (ZITADEL answers a 500 there).</summary>
    public ListSql WhereIn(string column, IEnumerable<string> values)
    {
        var list = values as IReadOnlyCollection<string> ?? values.ToArray();
        if (list.Count > MaxInValues)
        {
            throw ApiError.InvalidArgument("QUERY-Ln3s9", "Errors.Query.TooManyValues");
        }
        var placeholders = list.Select(Bind).ToArray();
        return Where(placeholders.Length == 0 ? "1 = 0" : $"{column} IN ({string.Join(", ", placeholders)})");
    }

    public ListSql WhereText(string column, TextMatch match, string value)
    {
        var placeholder = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        var (condition, bound) = database.TextCondition(column, match, placeholder, value);
        Bind(bound);
        return Where(condition);
    }

    /// <summary>Runs the query in <paramref name="connection"/>; the row's last column must be <c>COUNT(*) OVER ()</c>.</summary>
    public async Task<Page<T>> ReadPageAsync<T>(DbConnection connection, ListQuery query, string sortColumn, string tieBreaker, Func<DbDataReader, T> read, CancellationToken ct)
    {
        _sql.Append(' ').Append(query.OrderBy(sortColumn, tieBreaker))
            .Append(" LIMIT ").Append(Bind((long)query.Limit)).Append(" OFFSET ").Append(Bind(query.Offset));
        await using var command = connection.Command(null, _sql.ToString(), [.. _parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var items = new List<T>();
        long total = 0;
        while (await reader.ReadAsync(ct))
        {
            items.Add(read(reader));
            total = reader.GetInt64(reader.FieldCount - 1);
        }
        return new Page<T>(items, total, query.Limit);
    }

    public async Task<Page<T>> ReadPageAsync<T>(ListQuery query, string sortColumn, string tieBreaker, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await ReadPageAsync(connection, query, sortColumn, tieBreaker, read, ct);
    }

    /// <summary>Every matching row, in <paramref name="orderBy"/> order.</summary>
    public async IAsyncEnumerable<T> ReadAllAsync<T>(DbConnection connection, string orderBy, Func<DbDataReader, T> read, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        _sql.Append(" ORDER BY ").Append(orderBy);
        await using var command = connection.Command(null, _sql.ToString(), [.. _parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return read(reader);
        }
    }

    /// <summary>Counts the rows the conditions so far match, inside <paramref name="transaction"/>.</summary>
    public async Task<long> CountAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        await using var command = connection.Command(transaction, _sql.ToString(), [.. _parameters]);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
