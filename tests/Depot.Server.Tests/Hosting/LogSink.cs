using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Depot.Server.Tests.Hosting;

/// <summary>
/// Keeps every log line the server writes, rendered with its scopes and exception, under the server's own
/// level filters (so it sees exactly what the console would).
/// </summary>
public sealed class LogSink : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogLine> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<LogLine> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record LogLine(string Category, int EventId, string Message, IReadOnlyDictionary<string, object?> Scope, string Text,
        LogLevel Level = LogLevel.Information);

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => sink._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder().Append(category).Append(' ').Append(formatter(state, exception));
            var scope = new Dictionary<string, object?>();
            sink._scopes.ForEachScope((value, _) =>
            {
                text.Append(" => ").Append(value);
                if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, item) in pairs)
                    {
                        scope[key] = item;
                        text.Append(' ').Append(key).Append('=').Append(item);
                    }
                }
            }, (object?)null);
            if (state is IEnumerable<KeyValuePair<string, object?>> fields)
            {
                foreach (var (key, item) in fields)
                {
                    text.Append(' ').Append(key).Append('=').Append(item);
                }
            }

            text.Append(' ').Append(exception);
            sink._lines.Enqueue(new LogLine(category, eventId.Id, formatter(state, exception), scope, text.ToString(), logLevel));
        }
    }
}
