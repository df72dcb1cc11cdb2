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

        // The framework's console provider is replaced by one that writes in batches (BatchedConsole), with the same
        // formatters; every record passes through SecretRedaction, which wraps it.
        var console = logging.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList();
        foreach (var descriptor in console)
        {
            logging.Services.Remove(descriptor);
        }

        var formatterName = options.Json ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple;
        logging.Services.AddSingleton(services => new BatchedConsoleLoggerProvider(services.GetServices<ConsoleFormatter>(), formatterName));
        logging.Services.AddSingleton<ILoggerProvider>(services => new RedactingLoggerProvider(services.GetRequiredService<BatchedConsoleLoggerProvider>()));
        return logging;
    }
}
