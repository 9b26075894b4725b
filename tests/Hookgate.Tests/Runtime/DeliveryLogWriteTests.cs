using Hookgate.Hosting;
using Hookgate.Runtime;
using Hookgate.Runtime.Deliveries;
using Hookgate.Storage;
using Hookgate.Targets;
using Hookgate.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hookgate.Tests.Runtime;

/// <summary>
/// The delivery log's writes against a real database that fails: a failed batch is kept and written by a later
/// flush, and dropped only after its third failure. The log is not started, so only these flushes write.
/// </summary>
public abstract class DeliveryLogWriteTests(StorageProvider provider) : IAsyncLifetime
{
    private HookgateOptions _options = null!;
    private HookgateCore _core = null!;
    private DeliveryLog _log = null!;
    private TargetView _target = null!;

    public async Task InitializeAsync()
    {
        _options = await TestServer.NewOptionsAsync(provider);
        _core = await HookgateCore.OpenAsync(_options, TimeProvider.System, CancellationToken.None).DefaultTimeout();
        _log = new DeliveryLog(_core.Database, _core.Ids, TimeProvider.System, TimeSpan.FromDays(1), NullLogger<DeliveryLog>.Instance);
        var created = await _core.Targets.CreateAsync(_core.Instance.Id, "tester",
            new CreateTarget("log", TargetType.Webhook, false, "https://example.com", TimeSpan.FromSeconds(5), PayloadType.Json), CancellationToken.None);
        _target = await _core.TargetQueries.GetAsync(_core.Instance.Id, created.Id, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _core.DisposeAsync();
        Directory.Delete(_options.DataDir, recursive: true);
    }

    private void RecordCall() => _log.Record(_core.Instance.Id, "request/a.B/C", "/a.B/C", _target,
        new TargetCallResult(DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(3), DeliveryOutcome.Success, 200, [], null), interrupted: false);

    private async Task ExecuteAsync(string sql)
    {
        await using var lease = await _core.Database.BeginWriteAsync(exclusive: false, CancellationToken.None);
        await lease.Connection.ExecuteAsync(lease.Transaction, sql, CancellationToken.None);
        await lease.CommitAsync(CancellationToken.None);
    }

    private async Task<long> StoredAsync()
    {
        await using var connection = await _core.Database.OpenAsync(CancellationToken.None);
        return Convert.ToInt64(await connection.ScalarAsync(null, "SELECT COUNT(*) FROM deliveries", CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_that_failed_to_write_is_written_by_a_later_flush()
    {
        RecordCall();
        await ExecuteAsync("ALTER TABLE deliveries RENAME TO deliveries_away");
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _log.FlushAsync(CancellationToken.None));
        await ExecuteAsync("ALTER TABLE deliveries_away RENAME TO deliveries");
        RecordCall();
        await _log.FlushAsync(CancellationToken.None);
        Assert.Equal(2, await StoredAsync());
    }

    [Fact]
    public async Task A_batch_is_dropped_after_its_third_failure_and_later_calls_are_written()
    {
        RecordCall();
        await ExecuteAsync("ALTER TABLE deliveries RENAME TO deliveries_away");
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _log.FlushAsync(CancellationToken.None));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _log.FlushAsync(CancellationToken.None));
        await _log.FlushAsync(CancellationToken.None);
        await ExecuteAsync("ALTER TABLE deliveries_away RENAME TO deliveries");
        RecordCall();
        await _log.FlushAsync(CancellationToken.None);
        Assert.Equal(1, await StoredAsync());
    }
}

public sealed class SqliteDeliveryLogWriteTests() : DeliveryLogWriteTests(StorageProvider.Sqlite);

[Collection("postgres")]
public sealed class PostgresDeliveryLogWriteTests() : DeliveryLogWriteTests(StorageProvider.Postgres);
