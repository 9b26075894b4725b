using System.Globalization;

namespace Hookgate.Hosting;

/// <summary>
/// Configuration, from command-line options first, then HOOKGATE_* environment variables, then defaults.
/// </summary>
public sealed record HookgateOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 8080;
    public string DataDir { get; init; } = "data";

    /// <summary>A PostgreSQL connection string (key=value or postgres:// URL); SQLite in the data directory when null.</summary>
    public string? Database { get; init; }

    /// <summary>32 characters or base64 of 32 bytes; generated into the data directory when null.</summary>
    public string? MasterKey { get; init; }

    public string LogLevel { get; init; } = "Information";

    /// <summary>Request/response executions on Hookgate's own API do not run (the way out of a self-lockout).</summary>
    public bool SuspendExecutions { get; init; }

    /// <summary>How long the delivery log keeps each target call.</summary>
    public TimeSpan DeliveryRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Where targets may not point: checked when a target is saved and on every connection to it.</summary>
    public Runtime.Outbound.OutboundOptions Outbound { get; init; } = Runtime.Outbound.OutboundOptions.Default;

    /// <summary>The settings a user can give, as (option, environment variable, description).</summary>
    public static readonly IReadOnlyList<(string Option, string Variable, string Description)> Settings =
    [
        ("--port", "HOOKGATE_PORT", "TCP port for all protocols (default 8080)"),
        ("--host", "HOOKGATE_HOST", "address to bind (default 127.0.0.1)"),
        ("--data-dir", "HOOKGATE_DATA_DIR", "directory for the SQLite database, master key and admin token (default ./data)"),
        ("--database", "HOOKGATE_DATABASE", "PostgreSQL connection string; SQLite when absent"),
        ("--master-key", "HOOKGATE_MASTER_KEY", "key encrypting secrets at rest; generated into the data directory when absent"),
        ("--log-level", "HOOKGATE_LOG_LEVEL", "Trace, Debug, Information, Warning or Error (default Information)"),
        ("--suspend-executions", "HOOKGATE_SUSPEND_EXECUTIONS", "true: request/response executions on Hookgate's own API do not run, to repair a broken one"),
        ("--deny-private-networks", "HOOKGATE_DENY_PRIVATE_NETWORKS", "true: targets may not be on loopback or private networks either (ZITADEL's full default deny list)"),
        ("--delivery-retention", "HOOKGATE_DELIVERY_RETENTION", "how long the delivery log keeps target calls, e.g. 7d or 12h (default 7d)"),
        ("--deny-list", "HOOKGATE_DENY_LIST", "comma-separated hosts, addresses and CIDR networks targets may not reach (replaces the default)"),
    ];

    private static Runtime.Outbound.OutboundOptions OutboundFrom(Dictionary<string, string> values)
    {
        var strict = values.TryGetValue("--deny-private-networks", out var deny) && ParseBool("--deny-private-networks", deny);
        var preset = strict ? Runtime.Outbound.OutboundOptions.ZitadelDefault : Runtime.Outbound.OutboundOptions.Default;
        if (!values.TryGetValue("--deny-list", out var list))
        {
            return preset;
        }
        try
        {
            return preset with { DenyList = Runtime.Outbound.OutboundOptions.Parse(list).DenyList };
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--deny-list: {e.Message}");
        }
    }

    /// <summary>"7d", "12h", "30m" or "45s".</summary>
    internal static TimeSpan ParsePeriod(string option, string value)
    {
        if (value.Length > 1 && long.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            switch (value[^1])
            {
                case 'd': return TimeSpan.FromDays(amount);
                case 'h': return TimeSpan.FromHours(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 's': return TimeSpan.FromSeconds(amount);
            }
        }
        throw new UsageException($"{option} must be like 7d, 12h, 30m or 45s, not '{value}'");
    }

    private static bool ParseBool(string option, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new UsageException($"{option} must be true or false, not '{value}'"),
    };

    /// <summary>Reads the options this record knows from <paramref name="args"/> and the environment; unknown options are returned.</summary>
    public static HookgateOptions From(IReadOnlyList<string> args, Func<string, string?> environment, out List<string> rest)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (option, variable, _) in Settings)
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                values[option] = value;
            }
        }
        rest = [];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=');
            var name = equals > 0 ? arg[..equals] : arg;
            if (Settings.Any(s => s.Option == name))
            {
                values[name] = equals > 0 ? arg[(equals + 1)..]
                    : name is "--suspend-executions" or "--deny-private-networks" ? "true" // flags: present means on
                    : i + 1 < args.Count ? args[++i]
                    : throw new UsageException($"{name} needs a value");
            }
            else
            {
                rest.Add(arg);
            }
        }
        var options = new HookgateOptions();
        if (values.TryGetValue("--port", out var port))
        {
            options = options with
            {
                Port = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 65535
                    ? p : throw new UsageException($"--port must be a number from 0 to 65535, not '{port}'"),
            };
        }
        return options with
        {
            Host = values.GetValueOrDefault("--host", options.Host),
            DataDir = values.GetValueOrDefault("--data-dir", options.DataDir),
            Database = values.GetValueOrDefault("--database"),
            MasterKey = values.GetValueOrDefault("--master-key"),
            LogLevel = values.GetValueOrDefault("--log-level", options.LogLevel),
            SuspendExecutions = values.TryGetValue("--suspend-executions", out var suspend) && ParseBool("--suspend-executions", suspend),
            Outbound = OutboundFrom(values),
            DeliveryRetention = values.TryGetValue("--delivery-retention", out var retention) ? ParsePeriod("--delivery-retention", retention) : options.DeliveryRetention,
        };
    }
}

/// <summary>A command line the user must correct; printed without a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
