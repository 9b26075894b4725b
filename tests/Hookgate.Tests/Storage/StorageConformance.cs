using Hookgate.Errors;
using Hookgate.Hosting;
using Hookgate.Storage;
using Hookgate.Targets;
using Hookgate.Tests.Infrastructure;

namespace Hookgate.Tests.Storage;

/// <summary>
/// One suite, every provider: the event log, unique constraints, projections in the same transaction, and
/// concurrent writers. Each provider runs it by inheriting it in one line.
/// </summary>
public abstract class StorageConformance(StorageProvider provider) : IAsyncLifetime
{
    private HookgateOptions _options = null!;
    private HookgateCore _core = null!;

    public async Task InitializeAsync()
    {
        _options = await TestServer.NewOptionsAsync(provider);
        _core = await HookgateCore.OpenAsync(_options, TimeProvider.System, CancellationToken.None).DefaultTimeout();
    }

    public async Task DisposeAsync()
    {
        await _core.DisposeAsync();
        Directory.Delete(_options.DataDir, recursive: true);
    }

    private string Instance => _core.Instance.Id;

    private Task<TargetCreated> CreateAsync(string name) =>
        _core.Targets.CreateAsync(Instance, "tester", new CreateTarget(name, TargetType.Webhook, false, "https://example.com", TimeSpan.FromSeconds(5), PayloadType.Json), CancellationToken.None);

    [Fact]
    public async Task Events_get_per_aggregate_sequences_and_increasing_positions()
    {
        var created = await CreateAsync("a");
        await _core.Targets.UpdateAsync(Instance, "tester", new UpdateTarget(created.Id, Name: "b"), CancellationToken.None);
        await CreateAsync("c");
        var events = await _core.Store.ReadAggregateAsync(Instance, TargetEvents.Aggregate, created.Id, CancellationToken.None);
        Assert.Equal([1L, 2L], events.Select(e => e.Sequence));
        Assert.Equal([TargetEvents.Added, TargetEvents.Changed], events.Select(e => e.Type));
        Assert.True(events[1].Position > events[0].Position);
        Assert.Equal("tester", events[0].Creator);
        Assert.Equal(Instance, events[0].Aggregate.ResourceOwner);
        Assert.Equal("b", Assert.IsType<TargetChanged>(events[1].Payload).Name);
        Assert.Equal(created.Change.ChangeDate, events[0].CreatedAt);
        Assert.Equal(1, created.Change.Sequence);
    }

    [Fact]
    public async Task A_unique_constraint_violation_writes_nothing()
    {
        await CreateAsync("unique");
        var before = await CountAsync("SELECT COUNT(*) FROM events");
        var error = await Assert.ThrowsAsync<ApiError>(() => CreateAsync("unique"));
        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal(before, await CountAsync("SELECT COUNT(*) FROM events"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM targets"));
    }

    [Fact]
    public async Task A_failing_decision_writes_nothing()
    {
        var before = await CountAsync("SELECT COUNT(*) FROM events");
        await Assert.ThrowsAsync<InvalidOperationException>(() => _core.Store.WriteAsync<int>(Instance, "tester", (session, _) =>
        {
            session.Append(new NewEvent(new Aggregate(TargetEvents.Aggregate, "x", Instance), TargetEvents.Removed));
            throw new InvalidOperationException("decided to fail");
        }, CancellationToken.None));
        Assert.Equal(before, await CountAsync("SELECT COUNT(*) FROM events"));
    }

    [Fact]
    public async Task Removing_a_target_releases_its_name()
    {
        var created = await CreateAsync("reused");
        await _core.Targets.DeleteAsync(Instance, "tester", created.Id, CancellationToken.None);
        var again = await CreateAsync("reused");
        Assert.NotEqual(created.Id, again.Id);
    }

    [Fact]
    public async Task Concurrent_writers_to_one_aggregate_are_serialised_not_lost()
    {
        var created = await CreateAsync("contended");
        const int writers = 24;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(() =>
            _core.Targets.UpdateAsync(Instance, $"writer-{i}", new UpdateTarget(created.Id, Endpoint: $"https://example.com/{i}"), CancellationToken.None)))).DefaultTimeout();
        var events = await _core.Store.ReadAggregateAsync(Instance, TargetEvents.Aggregate, created.Id, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, writers + 1).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(writers, events.Select(e => e.Creator).Distinct().Count() - 1);
        var target = await _core.TargetQueries.GetAsync(Instance, created.Id, CancellationToken.None);
        Assert.Equal(((TargetChanged)events[^1].Payload!).Endpoint, target.Endpoint);
    }

    [Fact]
    public async Task Concurrent_creates_with_one_name_leave_exactly_one()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                await CreateAsync("race");
                return true;
            }
            catch (ApiError e) when (e.Kind == ErrorKind.AlreadyExists)
            {
                return false;
            }
        }))).DefaultTimeout();
        Assert.Single(results, r => r);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM targets WHERE name = 'race'"));
    }

    [Fact]
    public async Task Signing_keys_are_encrypted_at_rest()
    {
        var created = await CreateAsync("secret");
        await using var connection = await _core.Database.OpenAsync(CancellationToken.None);
        var payload = (string)(await connection.ScalarAsync(null, "SELECT payload FROM events WHERE aggregate_id = @id", CancellationToken.None, ("id", created.Id)))!;
        var projected = (string)(await connection.ScalarAsync(null, "SELECT signing_key FROM targets WHERE id = @id", CancellationToken.None, ("id", created.Id)))!;
        Assert.DoesNotContain(created.SigningKey, payload);
        Assert.DoesNotContain(created.SigningKey, projected);
        Assert.Contains("\"Crypted\"", payload);
        Assert.Equal(created.SigningKey, (await _core.TargetQueries.GetAsync(Instance, created.Id, CancellationToken.None)).SigningKey);
    }

    [Fact]
    public async Task A_second_node_gets_its_own_node_id_and_a_wrong_master_key_is_refused()
    {
        var options = _options with { DataDir = TestDatabases.NewDataDir() };
        if (provider == StorageProvider.Sqlite)
        {
            options = options with { Database = null, DataDir = _options.DataDir };
        }
        try
        {
            await using (var second = await HookgateCore.OpenAsync(options, TimeProvider.System, CancellationToken.None))
            {
                Assert.Equal(_core.Instance, second.Instance);
                Assert.Null(second.CreatedAdminToken);
                var ids = Enumerable.Range(0, 50).Select(_ => _core.Ids.Next()).Concat(Enumerable.Range(0, 50).Select(_ => second.Ids.Next())).ToArray();
                Assert.Equal(ids.Length, ids.Distinct().Count());
            }
            var wrongKey = options with { MasterKey = "another-key-of-32-characters-xyz" };
            var error = await Assert.ThrowsAsync<UsageException>(() => HookgateCore.OpenAsync(wrongKey, TimeProvider.System, CancellationToken.None));
            Assert.Contains("master key", error.Message);
        }
        finally
        {
            if (options.DataDir != _options.DataDir)
            {
                Directory.Delete(options.DataDir, recursive: true);
            }
        }
    }

    private static readonly string[] DeliveryColumns =
        ["instance_id", "id", "time", "execution_id", "full_method", "target_id", "target_type", "duration_us", "outcome", "status_code", "error_id", "error_message", "interrupted", "attempt"];

    private static async Task AppendDeliveryAsync(RowAppender rows, string id, bool interrupted, string message = "")
    {
        await rows.StartRowAsync(CancellationToken.None);
        foreach (var text in new[] { "instance", id })
        {
            await rows.WriteAsync(text, CancellationToken.None);
        }
        await rows.WriteAsync(1_700_000_000_000_000L, CancellationToken.None);
        foreach (var text in new[] { "execution", "/a.B/C", "target" })
        {
            await rows.WriteAsync(text, CancellationToken.None);
        }
        foreach (var number in new[] { 1L, 1234L, 2L, 500L })
        {
            await rows.WriteAsync(number, CancellationToken.None);
        }
        await rows.WriteAsync("EXEC-dra6yamk98", CancellationToken.None);
        await rows.WriteAsync(message, CancellationToken.None);
        await rows.WriteAsync(interrupted, CancellationToken.None);
        await rows.WriteAsync(1L, CancellationToken.None);
    }

    [Fact]
    public async Task Appended_rows_are_stored_together_with_their_values()
    {
        await using (var rows = await _core.Database.BeginAppendAsync("deliveries", DeliveryColumns, CancellationToken.None))
        {
            await AppendDeliveryAsync(rows, "1", interrupted: true, message: "ünïcode ✓ 'quoted'");
            await AppendDeliveryAsync(rows, "2", interrupted: false);
            Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM deliveries"));
            await rows.CompleteAsync(CancellationToken.None);
        }
        await using var connection = await _core.Database.OpenAsync(CancellationToken.None);
        await using var read = connection.Command(null, "SELECT id, time, duration_us, status_code, error_message, interrupted FROM deliveries ORDER BY id");
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("1", 1_700_000_000_000_000L, 1234L, 500L, "ünïcode ✓ 'quoted'", true),
            (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4), reader.GetBoolean(5)));
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("2", false), (reader.GetString(0), reader.GetBoolean(5)));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Appended_rows_are_all_or_nothing()
    {
        await using (var abandoned = await _core.Database.BeginAppendAsync("deliveries", DeliveryColumns, CancellationToken.None))
        {
            await AppendDeliveryAsync(abandoned, "1", interrupted: false);
        }
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(async () =>
        {
            await using var duplicate = await _core.Database.BeginAppendAsync("deliveries", DeliveryColumns, CancellationToken.None);
            await AppendDeliveryAsync(duplicate, "1", interrupted: false);
            await AppendDeliveryAsync(duplicate, "1", interrupted: false);
            await duplicate.CompleteAsync(CancellationToken.None);
        });
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM deliveries"));
        // The failure left nothing behind: the next append and an ordinary write both go through.
        await using (var rows = await _core.Database.BeginAppendAsync("deliveries", DeliveryColumns, CancellationToken.None))
        {
            await AppendDeliveryAsync(rows, "1", interrupted: false);
            await rows.CompleteAsync(CancellationToken.None);
        }
        await CreateAsync("after-append");
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM deliveries"));
    }

    [Fact]
    public void Ids_are_numeric_and_time_ordered()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => _core.Ids.Next()).ToArray();
        Assert.All(ids, id => Assert.Matches("^[0-9]{17,19}$", id));
        Assert.Equal(ids.Select(long.Parse).Order(), ids.Select(long.Parse));
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await _core.Database.OpenAsync(CancellationToken.None);
        return Convert.ToInt64(await connection.ScalarAsync(null, sql, CancellationToken.None));
    }
}

public sealed class SqliteStorageConformance() : StorageConformance(StorageProvider.Sqlite);

[Collection("postgres")]
public sealed class PostgresStorageConformance() : StorageConformance(StorageProvider.Postgres);
