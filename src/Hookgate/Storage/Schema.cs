namespace Hookgate.Storage;

/// <summary>
/// The schema, written once with type placeholders that each provider fills in: {id} an auto-increment primary
/// key, {int} a 64-bit integer, {bool} a boolean, {bytes} a byte string. Times are {int} microseconds (UTC).
/// </summary>
internal static class Schema
{
    public const string V1 = """
        CREATE TABLE events (
            position {id},
            instance_id TEXT NOT NULL,
            aggregate_type TEXT NOT NULL,
            aggregate_id TEXT NOT NULL,
            aggregate_version TEXT NOT NULL,
            sequence {int} NOT NULL,
            event_type TEXT NOT NULL,
            payload TEXT,
            creator TEXT NOT NULL,
            resource_owner TEXT NOT NULL,
            created_at {int} NOT NULL,
            UNIQUE (instance_id, aggregate_type, aggregate_id, sequence)
        );
        CREATE INDEX events_by_type ON events (instance_id, event_type, position);

        CREATE TABLE unique_constraints (
            instance_id TEXT NOT NULL,
            unique_type TEXT NOT NULL,
            unique_field TEXT NOT NULL,
            PRIMARY KEY (instance_id, unique_type, unique_field)
        );

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE instances (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            default_org_id TEXT,
            created_at {int} NOT NULL,
            change_date {int} NOT NULL,
            sequence {int} NOT NULL
        );

        CREATE TABLE orgs (
            instance_id TEXT NOT NULL,
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            created_at {int} NOT NULL,
            change_date {int} NOT NULL,
            sequence {int} NOT NULL,
            PRIMARY KEY (instance_id, id)
        );

        CREATE TABLE users (
            instance_id TEXT NOT NULL,
            id TEXT NOT NULL,
            org_id TEXT NOT NULL,
            user_name TEXT NOT NULL,
            name TEXT NOT NULL,
            created_at {int} NOT NULL,
            change_date {int} NOT NULL,
            sequence {int} NOT NULL,
            PRIMARY KEY (instance_id, id)
        );

        CREATE TABLE members (
            instance_id TEXT NOT NULL,
            scope TEXT NOT NULL,
            scope_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            roles TEXT NOT NULL,
            PRIMARY KEY (instance_id, scope_id, user_id)
        );

        CREATE TABLE personal_access_tokens (
            token_hash TEXT PRIMARY KEY,
            instance_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            token_id TEXT NOT NULL,
            expiration {int} NOT NULL,
            created_at {int} NOT NULL
        );

        CREATE TABLE targets (
            instance_id TEXT NOT NULL,
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            target_type {int} NOT NULL,
            endpoint TEXT NOT NULL,
            timeout_ns {int} NOT NULL,
            interrupt_on_error {bool} NOT NULL,
            signing_key TEXT,
            payload_type {int} NOT NULL,
            created_at {int} NOT NULL,
            change_date {int} NOT NULL,
            sequence {int} NOT NULL,
            PRIMARY KEY (instance_id, id)
        );

        CREATE TABLE target_public_keys (
            instance_id TEXT NOT NULL,
            target_id TEXT NOT NULL,
            key_id TEXT NOT NULL,
            active {bool} NOT NULL,
            public_key {bytes} NOT NULL,
            fingerprint TEXT NOT NULL,
            expiration {int},
            created_at {int} NOT NULL,
            change_date {int} NOT NULL,
            sequence {int} NOT NULL,
            PRIMARY KEY (instance_id, target_id, key_id)
        );

        CREATE TABLE executions (
            instance_id TEXT NOT NULL,
            id TEXT NOT NULL,
            created_at {int} NOT NULL,
            change_date {int} NOT NULL,
            sequence {int} NOT NULL,
            PRIMARY KEY (instance_id, id)
        );

        CREATE TABLE execution_targets (
            instance_id TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            position {int} NOT NULL,
            target_id TEXT,
            include_id TEXT,
            PRIMARY KEY (instance_id, execution_id, position)
        );
        CREATE INDEX execution_targets_by_target ON execution_targets (instance_id, target_id);
        """;

    /// <summary>The instance's signing keys for JWT payloads (ZITADEL's web keys); the private key encrypted.</summary>
    public const string V2 = """
        CREATE TABLE web_keys (
            instance_id TEXT NOT NULL,
            key_id TEXT NOT NULL,
            algorithm TEXT NOT NULL,
            private_key TEXT NOT NULL,
            public_key {bytes} NOT NULL,
            active {bool} NOT NULL,
            created_at {int} NOT NULL,
            PRIMARY KEY (instance_id, key_id)
        );
        """;

    /// <summary>The delivery log: one row per target call, kept for the configured time (not event-sourced: it is a record, not state).</summary>
    public const string V3 = """
        CREATE TABLE deliveries (
            instance_id TEXT NOT NULL,
            id TEXT NOT NULL,
            time {int} NOT NULL,
            execution_id TEXT NOT NULL,
            full_method TEXT NOT NULL,
            target_id TEXT NOT NULL,
            target_type {int} NOT NULL,
            duration_us {int} NOT NULL,
            outcome {int} NOT NULL,
            status_code {int} NOT NULL,
            error_id TEXT NOT NULL,
            error_message TEXT NOT NULL,
            interrupted {bool} NOT NULL,
            attempt {int} NOT NULL,
            PRIMARY KEY (instance_id, id)
        );
        CREATE INDEX deliveries_by_time ON deliveries (instance_id, time);
        """;

    public static IReadOnlyList<string> For(string id, string integer, string boolean, string bytes) =>
        [.. new[] { V1, V2, V3 }.Select(script => script.Replace("{id}", id).Replace("{int}", integer).Replace("{bool}", boolean).Replace("{bytes}", bytes))];
}
