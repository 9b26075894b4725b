using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hookgate.Protocol.Tests.Infrastructure;

/// <summary>Records log events so tests can assert on EventName and see unexpected errors.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string EventName, string Message)> Events { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Events.Enqueue((logLevel, eventId.Name ?? "", formatter(state, exception)));
    }
}
