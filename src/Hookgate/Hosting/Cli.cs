using System.Globalization;
using Hookgate.Identity;

namespace Hookgate.Hosting;

/// <summary>The command line: <c>start</c> and <c>token create</c>.</summary>
public static class Cli
{
    private const string Usage = """
        Usage:
          hookgate start [options]
              Start the server (gRPC, gRPC-Web, Connect and REST on one port).
          hookgate token create --role ROLE [--name NAME] [--expires DURATION|DATE] [options]
              Create a machine user with ROLE (IAM_OWNER, IAM_OWNER_VIEWER or ORG_OWNER) and print its
              personal access token. --expires takes e.g. 30d, 12h or 2027-01-31 (default: never).

        Options (also as environment variables):
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var options = HookgateOptions.From(args, Environment.GetEnvironmentVariable, out var rest);
            switch (rest)
            {
                case ["start"]:
                    await StartAsync(options);
                    return 0;
                case ["token", "create", .. var tokenArgs]:
                    await CreateTokenAsync(options, tokenArgs);
                    return 0;
                case [] or ["help"] or ["--help"] or ["-h"]:
                    PrintUsage(Console.Out);
                    return rest.Count == 0 ? 2 : 0;
                default:
                    throw new UsageException($"unknown command or option: {string.Join(' ', rest)}");
            }
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"hookgate: {e.Message}");
            PrintUsage(Console.Error);
            return 2;
        }
        catch (Exception e)
        {
            // Start-up failures a user can act on get one line, not a stack trace.
            Console.Error.WriteLine($"hookgate: {Explain(e)}");
            return 1;
        }
    }

    private static string Explain(Exception e) => e switch
    {
        IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException } =>
            $"{e.Message} Is Hookgate already running? Choose another --port.",
        System.Data.Common.DbException => $"cannot use the database: {e.Message}",
        _ when e.InnerException is System.Data.Common.DbException inner => $"cannot use the database: {inner.Message}",
        _ => e.ToString(),
    };

    private static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine(Usage);
        foreach (var (option, variable, description) in HookgateOptions.Settings)
        {
            writer.WriteLine($"  {option,-14} {variable,-22} {description}");
        }
    }

    private static async Task StartAsync(HookgateOptions options)
    {
        await using var core = await HookgateCore.OpenAsync(options, TimeProvider.System, CancellationToken.None);
        if (core.AdminTokenPath is { } path)
        {
            Console.WriteLine($"Created the default instance. The admin's personal access token (IAM_OWNER) is in {Path.GetFullPath(path)}");
        }
        await using var app = HookgateServer.Build(core, options);
        await app.StartAsync();
        Console.WriteLine($"Hookgate is ready on http://{options.Host}:{HookgateServer.BoundPort(app)} (database: {core.Database.Provider})");
        await app.WaitForShutdownAsync();
    }

    private static async Task CreateTokenAsync(HookgateOptions options, IReadOnlyList<string> args)
    {
        string? role = null, name = null;
        var expiration = IdentityCommands.Never;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i++])
            {
                case "--role":
                    role = value.ToUpperInvariant();
                    break;
                case "--name":
                    name = value;
                    break;
                case "--expires":
                    expiration = ParseExpiry(value, DateTimeOffset.UtcNow);
                    break;
                default:
                    throw new UsageException($"unknown option for token create: {args[i - 1]}");
            }
        }
        if (role is null || !Roles.IsKnown(role))
        {
            throw new UsageException($"--role must be one of {string.Join(", ", Roles.InstanceRoles.Concat(Roles.OrgRoles))}");
        }
        await using var core = await HookgateCore.OpenAsync(options, TimeProvider.System, CancellationToken.None);
        var userName = name ?? $"{role.ToLowerInvariant().Replace('_', '-')}-{core.Ids.Next()}";
        try
        {
            var created = await core.Identity.CreateMachineUserAsync(core.Instance, userName, role, expiration, CancellationToken.None);
            Console.Error.WriteLine($"Created machine user {userName} ({created.UserId}) with role {role}, token expires {(expiration == IdentityCommands.Never ? "never" : expiration.ToString("u", CultureInfo.InvariantCulture))}.");
            Console.WriteLine(created.Token);
        }
        catch (Errors.ApiError e) when (e.Kind == Errors.ErrorKind.AlreadyExists)
        {
            throw new UsageException($"a user named '{userName}' already exists");
        }
    }

    /// <summary>"30d", "12h", "45m" from now, or an ISO 8601 date/time (UTC when no offset is given).</summary>
    internal static DateTimeOffset ParseExpiry(string value, DateTimeOffset now)
    {
        if (value.Length > 1 && long.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            switch (value[^1])
            {
                case 'd': return now.AddDays(amount);
                case 'h': return now.AddHours(amount);
                case 'm': return now.AddMinutes(amount);
            }
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) && date > now)
        {
            return date;
        }
        throw new UsageException($"--expires must be like 30d, 12h, 45m or a future date such as 2027-01-31, not '{value}'");
    }
}
