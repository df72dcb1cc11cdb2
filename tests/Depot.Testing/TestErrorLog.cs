using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Depot.Testing;

/// <summary>
/// Appends every error an in-process test server logs (a 500's exception with its stack) to the file named by
/// <c>DEPOT_TEST_ERROR_LOG</c>, so a test that saw a 500 on a loaded CI machine leaves its cause behind: the test host
/// does not show the servers' console. scripts/test.sh sets it and prints the file when a run fails.
/// </summary>
public sealed class TestErrorLog : ILoggerProvider
{
    private static readonly object Gate = new();
    private readonly string _path;
    private readonly string _server;

    private TestErrorLog(string path, string server)
    {
        _path = path;
        _server = server;
    }

    /// <summary>Adds the file to the app's loggers when the variable is set; otherwise does nothing.</summary>
    public static void AttachTo(WebApplication app, string server)
    {
        if (Environment.GetEnvironmentVariable("DEPOT_TEST_ERROR_LOG") is { Length: > 0 } path)
        {
            app.Services.GetRequiredService<ILoggerFactory>().AddProvider(new TestErrorLog(path, server));
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Append(string category, string message, Exception? exception)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {_server} {category}: {message}{Environment.NewLine}{exception}{Environment.NewLine}");
        lock (Gate)
        {
            File.AppendAllText(_path, line);
        }
    }

    private sealed class Logger(TestErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Append(category, formatter(state, exception), exception);
            }
        }
    }
}
