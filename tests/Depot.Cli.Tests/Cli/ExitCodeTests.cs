using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Depot.Client;
using Depot.Protocol;

namespace Depot.Cli.Tests.Cli;

public sealed class ExitCodeTests
{
    [Theory]
    [InlineData(HttpStatusCode.NotFound, ErrorCodes.NotFound, ExitCodes.NotFound)]
    [InlineData(HttpStatusCode.NotFound, ErrorCodes.VersionNotFound, ExitCodes.NotFound)]
    [InlineData(HttpStatusCode.Conflict, ErrorCodes.ParentNotFound, ExitCodes.NotFound)]
    [InlineData(HttpStatusCode.Unauthorized, ErrorCodes.Unauthenticated, ExitCodes.Auth)]
    [InlineData(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials, ExitCodes.Auth)]
    [InlineData(HttpStatusCode.Forbidden, ErrorCodes.Forbidden, ExitCodes.Auth)]
    [InlineData(HttpStatusCode.Conflict, ErrorCodes.AlreadyExists, ExitCodes.Conflict)]
    [InlineData(HttpStatusCode.PreconditionFailed, ErrorCodes.PreconditionFailed, ExitCodes.Conflict)]
    [InlineData(HttpStatusCode.InsufficientStorage, ErrorCodes.QuotaExceeded, ExitCodes.Quota)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge, ExitCodes.Quota)]
    [InlineData(HttpStatusCode.TooManyRequests, ErrorCodes.TooManyAttempts, ExitCodes.Throttled)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ErrorCodes.Overloaded, ExitCodes.Throttled)]
    [InlineData(HttpStatusCode.BadRequest, ErrorCodes.InvalidName, ExitCodes.Usage)]
    [InlineData(HttpStatusCode.BadRequest, ErrorCodes.DigestMismatch, ExitCodes.Error)]
    [InlineData(HttpStatusCode.InternalServerError, ErrorCodes.InternalError, ExitCodes.Error)]
    [InlineData(HttpStatusCode.BadGateway, null, ExitCodes.Network)]
    public void Server_errors_map_to_documented_exit_codes(HttpStatusCode status, string? code, int expected) =>
        Assert.Equal(expected, ExitCodes.For(new DepotApiException(status, code, null, null)));

    [Fact]
    public void Network_and_tls_failures_are_the_network_exit_code()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException());
        var tls = new HttpRequestException(HttpRequestError.SecureConnectionError, "tls", new AuthenticationException("bad cert"));

        Assert.Equal(ExitCodes.Network, ErrorReporter.Classify(refused, CancellationToken.None).ExitCode);
        Assert.Equal(ExitCodes.Network, ErrorReporter.Classify(tls, CancellationToken.None).ExitCode);
        Assert.Contains("bad cert", ErrorReporter.Classify(tls, CancellationToken.None).Message);
    }

    [Fact]
    public void Ctrl_c_is_interrupted_and_local_file_errors_are_general()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Equal(ExitCodes.Interrupted, ErrorReporter.Classify(new OperationCanceledException(), cancelled.Token).ExitCode);
        Assert.Equal(ExitCodes.Error, ErrorReporter.Classify(new FileNotFoundException("x"), CancellationToken.None).ExitCode);
        Assert.Equal(ExitCodes.Usage, ErrorReporter.Classify(new CliException(ExitCodes.Usage, "bad"), CancellationToken.None).ExitCode);
    }

    [Fact]
    public void An_expired_session_says_how_to_log_in_again()
    {
        var expired = new DepotApiException(HttpStatusCode.Unauthorized, ErrorCodes.Unauthenticated, null, null);

        Assert.Contains("depot login", ErrorReporter.Classify(expired, CancellationToken.None).Message);
    }
}
