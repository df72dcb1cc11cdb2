using System.Net;
using System.Net.Sockets;
using Depot.Client;
using Depot.Client.Http;

namespace Depot.Cli.Tests.Client;

public sealed class RetryPolicyTests
{
    private static readonly DepotClientOptions Options = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(10),
        MaxTotalDelay = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public void Backoff_doubles_per_attempt_with_jitter_between_half_and_full()
    {
        var low = new RetryPolicy(Options, () => 0.0);
        var high = new RetryPolicy(Options, () => 1.0);

        Assert.Equal(TimeSpan.FromSeconds(0.5), low.NextDelay(1, null, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(1), high.NextDelay(1, null, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(2), high.NextDelay(2, null, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(2), low.NextDelay(3, null, TimeSpan.Zero));
    }

    [Fact]
    public void Backoff_is_capped_at_the_maximum_single_delay()
    {
        var policy = new RetryPolicy(Options with { MaxAttempts = 10, MaxTotalDelay = TimeSpan.FromHours(1) }, () => 1.0);

        Assert.Equal(TimeSpan.FromSeconds(10), policy.NextDelay(8, null, TimeSpan.Zero));
    }

    [Fact]
    public void Gives_up_after_the_last_attempt()
    {
        var policy = new RetryPolicy(Options, () => 0.5);

        Assert.NotNull(policy.NextDelay(3, null, TimeSpan.Zero));
        Assert.Null(policy.NextDelay(4, null, TimeSpan.Zero));
    }

    [Fact]
    public void Retry_after_from_the_server_replaces_the_backoff()
    {
        var policy = new RetryPolicy(Options, () => 0.5);

        Assert.Equal(TimeSpan.FromSeconds(7), policy.NextDelay(1, TimeSpan.FromSeconds(7), TimeSpan.Zero));
        Assert.Equal(TimeSpan.Zero, policy.NextDelay(1, TimeSpan.Zero, TimeSpan.Zero));
    }

    [Fact]
    public void Retry_after_longer_than_the_maximum_delay_gives_up_instead_of_hanging()
    {
        var policy = new RetryPolicy(Options, () => 0.5);

        Assert.Null(policy.NextDelay(1, TimeSpan.FromSeconds(11), TimeSpan.Zero));
    }

    [Fact]
    public void Total_delay_is_bounded()
    {
        var policy = new RetryPolicy(Options, () => 0.5);

        Assert.NotNull(policy.NextDelay(2, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)));
        Assert.Null(policy.NextDelay(2, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(15)));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Conflict, false)]
    public void Only_overload_and_gateway_statuses_are_retryable(HttpStatusCode status, bool retryable) =>
        Assert.Equal(retryable, RetryPolicy.IsRetryableStatus(status));

    [Fact]
    public void A_connection_that_never_opened_is_retried_even_for_a_post()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException());

        Assert.True(RetryPolicy.IsTransient(refused, RequestKind.NotIdempotent));
    }

    [Fact]
    public void A_broken_response_is_retried_only_for_idempotent_requests()
    {
        var ended = new HttpRequestException(HttpRequestError.ResponseEnded, "ended");

        Assert.True(RetryPolicy.IsTransient(ended, RequestKind.Idempotent));
        Assert.False(RetryPolicy.IsTransient(ended, RequestKind.NotIdempotent));
        Assert.True(RetryPolicy.IsTransient(new IOException("reset"), RequestKind.Idempotent));
        Assert.True(RetryPolicy.IsTransient(new TaskCanceledException("timeout", new TimeoutException()), RequestKind.Idempotent));
    }

    [Fact]
    public void Tls_and_name_failures_are_never_retried()
    {
        Assert.False(RetryPolicy.IsTransient(new HttpRequestException(HttpRequestError.SecureConnectionError, "tls"), RequestKind.Idempotent));
        Assert.False(RetryPolicy.IsTransient(new HttpRequestException(HttpRequestError.NameResolutionError, "dns"), RequestKind.Idempotent));
        Assert.False(RetryPolicy.IsTransient(new TaskCanceledException("caller cancelled"), RequestKind.Idempotent));
    }
}
