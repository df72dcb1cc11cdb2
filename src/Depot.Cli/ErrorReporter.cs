using System.Net;
using System.Security.Authentication;
using Depot.Cli.Output;
using Depot.Client;
using Depot.Protocol;

namespace Depot.Cli;

/// <summary>Turns whatever ended a command into its exit code and one clear message on stderr (JSON with <c>--json</c>).</summary>
internal static class ErrorReporter
{
    public static int Report(Invocation run, Exception exception, CancellationToken cancellationToken)
    {
        var (exitCode, code, message) = Classify(exception, cancellationToken);
        if (run.Json)
        {
            run.Host.Error.WriteLine(System.Text.Json.JsonSerializer.Serialize(new CliError(exitCode, code, message), CliJsonContext.Relaxed.CliError));
        }
        else
        {
            run.Host.Error.WriteLine($"depot: {message}");
        }

        return exitCode;
    }

    public static (int ExitCode, string? Code, string Message) Classify(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        CliException cli => (cli.ExitCode, null, cli.Message),
        DepotApiException api => (ExitCodes.For(api), api.Code, Describe(api)),
        OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.Interrupted, null, "Interrupted."),
        TaskCanceledException { InnerException: TimeoutException } => (ExitCodes.Network, null, "The server did not answer in time."),
        HttpRequestException { InnerException: AuthenticationException tls } => (ExitCodes.Network, null, $"TLS failed: {tls.Message}"),
        HttpRequestException http => (ExitCodes.Network, null, $"Cannot reach the server: {http.Message}"),
        IOException or UnauthorizedAccessException or InvalidDataException => (ExitCodes.Error, null, exception.Message),
        _ => (ExitCodes.Error, null, $"Unexpected error: {exception}"),
    };

    private static string Describe(DepotApiException error) => error switch
    {
        { StatusCode: HttpStatusCode.Unauthorized, Code: not ErrorCodes.InvalidCredentials } =>
            "Not logged in, or the token expired or was revoked: run 'depot login <server-url>'.",
        { StatusCode: HttpStatusCode.Forbidden } => $"Not allowed: {error.Detail ?? "this needs an administrator"}.",
        { RetryAfter: { } wait } => $"{error.Message} Try again in {Math.Ceiling(wait.TotalSeconds)} s.",
        { StatusCode: >= HttpStatusCode.InternalServerError, RequestId: { } id } => $"{error.Message} [request {id}]",
        _ => error.Message,
    };
}
