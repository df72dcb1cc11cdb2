using Microsoft.Extensions.Logging.Console;

namespace Depot.Server.Observability;

internal static class LoggingHosting
{
    public static ILoggingBuilder AddDepotConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        var options = configuration.GetSection(LoggingOptions.Section).Get<LoggingOptions>() ?? new LoggingOptions();

        // The host opens a scope per request with RequestId (= HttpContext.TraceIdentifier, which problem
        // documents carry as requestId), so every line of a request can be found from an error a user reports.
        // No trace/span ids until there is a tracing backend to send them to; they only lengthen each line.
        logging.Configure(factory => factory.ActivityTrackingOptions = ActivityTrackingOptions.None);
        // The logger factory takes its scope provider from DI: this one keeps only the request id of the host's scopes.
        logging.Services.AddSingleton<IExternalScopeProvider, RequestScopeProvider>();
        if (options.Json)
        {
            logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(simple =>
            {
                simple.SingleLine = true;
                simple.IncludeScopes = true;
                simple.UseUtcTimestamp = true;
                simple.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        // The console writes on its own thread from a queue. When the queue is full the framework's default is to make the
        // request that logs wait: then a stalled sink (a slow journald, a paused pipe) stalls every request. Here a full
        // queue drops lines instead, and the console says how many it dropped once it catches up. 20,000 lines is two to
        // three seconds of requests at the rate this server reaches on two cores.
        logging.Services.Configure<ConsoleLoggerOptions>(console =>
        {
            console.QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite;
            console.MaxQueueLength = 20_000;
        });

        // Every console record passes through SecretRedaction: the console provider is wrapped, not replaced.
        var console = logging.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList();
        foreach (var descriptor in console)
        {
            logging.Services.Remove(descriptor);
        }

        logging.Services.AddSingleton<ConsoleLoggerProvider>();
        logging.Services.AddSingleton<ILoggerProvider, RedactingLoggerProvider>();
        return logging;
    }
}
