using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Depot.Server.Observability;

/// <summary>
/// The console log with the framework's own formatters (simple or JSON, with their options) and
/// <see cref="BatchedConsole"/> in place of the framework's one-write-per-line queue.
/// </summary>
[ProviderAlias("Console")] // so Logging:Console:* settings still apply
internal sealed class BatchedConsoleLoggerProvider(IEnumerable<ConsoleFormatter> formatters, string formatterName)
    : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleFormatter _formatter = formatters.First(f => f.Name == formatterName);
    private readonly BatchedConsole _console = new(Console.OpenStandardOutput());
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new BatchedConsoleLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => _console.Dispose();

    private sealed class BatchedConsoleLogger(string category, BatchedConsoleLoggerProvider provider) : ILogger
    {
        // One per thread: a line is formatted on the thread that logs it, as the framework's console logger does.
        [ThreadStatic]
        private static StringWriter? t_text;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        // Levels are filtered by the logger factory (Logging:LogLevel), before this is asked.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = t_text ??= new StringWriter();
            provider._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider._scopes, text);
            var builder = text.GetStringBuilder();
            if (builder.Length == 0)
            {
                return;
            }

            var line = builder.ToString();
            builder.Clear();
            if (builder.Capacity > 16 * 1024)
            {
                builder.Capacity = 1024; // a rare huge message (a stack trace) does not stay allocated per thread
            }

            provider._console.Enqueue(line);
        }
    }
}
