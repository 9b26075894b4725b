using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hookgate.Storage.Sqlite;

/// <summary>
/// The embedded default. One process writes at a time: writes share one open connection behind a semaphore and
/// run as BEGIN IMMEDIATE transactions (another process, such as the token CLI, waits on SQLite's busy timeout);
/// reads use pooled connections and, with WAL, never wait for the writer.
/// </summary>
public sealed class SqliteDatabase : Database
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writer;

    public SqliteDatabase(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public override string Provider => "sqlite";

    protected override IReadOnlyList<string> Migrations { get; } =
        Schema.For("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER", "INTEGER", "BLOB");

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public override async ValueTask<WriteLease> BeginWriteAsync(bool exclusive, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            if (_writer is null)
            {
                var writer = new SqliteConnection(_connectionString);
                await writer.OpenAsync(ct);
                // WAL lets readers run beside the writer; NORMAL sync is durable at checkpoints and safe with WAL.
                await writer.ExecuteAsync(null, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", ct);
                _writer = writer;
            }
            // Microsoft.Data.Sqlite begins IMMEDIATE unless asked for deferred: the write lock is taken up front.
            var transaction = _writer.BeginTransaction(deferred: false);
            return new WriteLease(_writer, transaction, Release);
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    private ValueTask Release()
    {
        _writeGate.Release();
        return ValueTask.CompletedTask;
    }

    public override async ValueTask<RowAppender> BeginAppendAsync(string table, IReadOnlyList<string> columns, CancellationToken ct)
    {
        var lease = await BeginWriteAsync(exclusive: false, ct);
        try
        {
            var handle = ((SqliteConnection)lease.Connection).Handle!;
            var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})";
            Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement), raw.SQLITE_OK);
            return new SqliteRowAppender(lease, handle, statement, columns.Count);
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    private static void Check(sqlite3 handle, int result, int expected)
    {
        if (result != expected)
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), result);
        }
    }

    /// <summary>One prepared INSERT, bound by position and stepped once per row, inside the write transaction.</summary>
    private sealed class SqliteRowAppender(WriteLease lease, sqlite3 handle, sqlite3_stmt statement, int columns) : RowAppender
    {
        // The position of the next value in the current row (1-based); 0 before the first row.
        private int _next;

        public override ValueTask StartRowAsync(CancellationToken ct)
        {
            InsertRow();
            _next = 1;
            return ValueTask.CompletedTask;
        }

        public override ValueTask WriteAsync(string value, CancellationToken ct) => Bound(raw.sqlite3_bind_text(statement, Position(), value));

        public override ValueTask WriteAsync(long value, CancellationToken ct) => Bound(raw.sqlite3_bind_int64(statement, Position(), value));

        public override ValueTask WriteAsync(bool value, CancellationToken ct) => Bound(raw.sqlite3_bind_int64(statement, Position(), value ? 1 : 0));

        public override async ValueTask CompleteAsync(CancellationToken ct)
        {
            InsertRow();
            _next = 0;
            await lease.CommitAsync(ct);
        }

        public override async ValueTask DisposeAsync()
        {
            statement.Dispose();
            await lease.DisposeAsync();
        }

        private int Position() => _next is > 0 && _next <= columns ? _next++ : throw new InvalidOperationException("A value outside a row, or more values than columns.");

        private ValueTask Bound(int result)
        {
            Check(handle, result, raw.SQLITE_OK);
            return ValueTask.CompletedTask;
        }

        private void InsertRow()
        {
            if (_next == 0)
            {
                return;
            }
            if (_next != columns + 1)
            {
                throw new InvalidOperationException($"A row needs {columns} values, not {_next - 1}.");
            }
            var result = raw.sqlite3_step(statement);
            raw.sqlite3_reset(statement);
            Check(handle, result, raw.SQLITE_DONE);
        }
    }

    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 /* SQLITE_CONSTRAINT */ };

    public override (string Condition, string Value) TextCondition(string column, TextMatch match, string parameter, string value) => match switch
    {
        TextMatch.Equals => ($"{column} = {parameter}", value),
        TextMatch.EqualsIgnoreCase => ($"lower({column}) = lower({parameter})", value),
        // SQLite's LIKE ignores ASCII case, so the case-sensitive methods compare substrings exactly.
        TextMatch.StartsWith => ($"substr({column}, 1, length({parameter})) = {parameter}", value),
        TextMatch.Contains => ($"instr({column}, {parameter}) > 0", value),
        TextMatch.EndsWith => ($"(length({column}) >= length({parameter}) AND substr({column}, length({column}) - length({parameter}) + 1) = {parameter})", value),
        _ => ($"lower({column}) LIKE lower({parameter}) ESCAPE '\\'", LikePattern(match, value)),
    };

    public override async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }
        _writeGate.Dispose();
    }
}
