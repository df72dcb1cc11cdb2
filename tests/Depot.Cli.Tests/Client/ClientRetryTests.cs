using System.Net;
using System.Net.Sockets;
using System.Text;
using Depot.Client;
using Depot.Protocol;

namespace Depot.Cli.Tests.Client;

/// <summary>The retry loop of DepotClient against a scripted handler: which calls are repeated, and how long it waits.</summary>
public sealed class ClientRetryTests
{
    private readonly List<TimeSpan> _waits = [];

    private DepotClient CreateClient(ScriptedHandler handler) =>
        new(new HttpClient(handler) { BaseAddress = new Uri("http://depot.test/base") }, new DepotClientOptions(), (wait, _) =>
        {
            _waits.Add(wait);
            return Task.CompletedTask;
        });

    private static HttpResponseMessage Problem(HttpStatusCode status, string code, string? retryAfter = null)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent($$"""{"status":{{(int)status}},"code":"{{code}}","detail":"nope"}""", Encoding.UTF8, "application/problem+json"),
        };
        if (retryAfter is not null)
        {
            response.Headers.Add("Retry-After", retryAfter);
        }

        return response;
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private const string UserJson = """{"username":"ann","isAdmin":false,"disabled":false,"usedBytes":0,"createdAt":"2026-01-01T00:00:00Z"}""";

    private const string NodeJson = """{"id":"n1","path":"/a.bin","name":"a.bin","kind":"file","size":5,"createdAt":"2026-01-01T00:00:00Z","modifiedAt":"2026-01-01T00:00:00Z","etag":"\"e\""}""";

    [Fact]
    public async Task Get_is_retried_after_503_waiting_as_the_server_asks()
    {
        var handler = new ScriptedHandler(_ => Problem(HttpStatusCode.ServiceUnavailable, ErrorCodes.Overloaded, "3"), _ => Json(HttpStatusCode.OK, UserJson));
        var client = CreateClient(handler);

        var me = await client.Account.GetAsync();

        Assert.Equal("ann", me.Username);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(3)], _waits);
        Assert.Equal("http://depot.test/base/api/v1/me", handler.Requests[0].Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Retries_stop_after_the_attempt_limit_and_report_the_last_error()
    {
        var handler = new ScriptedHandler(_ => Problem(HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited, "1"));
        var client = CreateClient(handler);

        var error = await Assert.ThrowsAsync<DepotApiException>(() => client.Account.GetAsync());

        Assert.Equal(ErrorCodes.RateLimited, error.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task Login_is_not_retried_after_the_server_answered()
    {
        var handler = new ScriptedHandler(_ => Problem(HttpStatusCode.TooManyRequests, ErrorCodes.TooManyAttempts, "1"));
        var client = CreateClient(handler);

        var error = await Assert.ThrowsAsync<DepotApiException>(() => client.Auth.LoginAsync("ann", "pw"));

        Assert.Equal(ErrorCodes.TooManyAttempts, error.Code);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Login_is_retried_when_the_connection_could_not_be_opened()
    {
        var handler = new ScriptedHandler(
            _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException()),
            _ => Json(HttpStatusCode.OK, """{"token":"secret","expiresAt":"2027-01-01T00:00:00Z"}"""));
        var client = CreateClient(handler);

        var token = await client.Auth.LoginAsync("ann", "pw");

        Assert.Equal("secret", token.Token);
        Assert.Equal("secret", client.AccessToken);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Errors_that_are_not_transient_are_not_retried()
    {
        var handler = new ScriptedHandler(_ => Problem(HttpStatusCode.NotFound, ErrorCodes.NotFound));
        var client = CreateClient(handler);

        var error = await Assert.ThrowsAsync<DepotApiException>(() => client.Files.StatAsync("/missing"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Single(handler.Requests);
        Assert.Empty(_waits);
    }

    [Fact]
    public async Task A_seekable_upload_is_replayed_whole_on_retry_with_digest_and_length()
    {
        var handler = new ScriptedHandler(_ => Problem(HttpStatusCode.BadGateway, ErrorCodes.Overloaded), _ => Json(HttpStatusCode.Created, NodeJson));
        var client = CreateClient(handler);
        var content = new MemoryStream("hello"u8.ToArray());
        var reports = new List<long>();

        var node = await client.Files.UploadAsync("/a.bin", content, new UploadOptions { Sha256 = new byte[32], IfNoneMatch = "*" },
            new SyncProgress(reports.Add));

        Assert.Equal("/a.bin", node.Path);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("hello"u8.ToArray(), r.Body));
        var last = handler.Requests[1].Request;
        Assert.Equal(5, last.Content!.Headers.ContentLength);
        Assert.Equal("sha-256=:" + Convert.ToBase64String(new byte[32]) + ":", last.Content.Headers.GetValues("Content-Digest").Single());
        Assert.Equal("*", last.Headers.GetValues("If-None-Match").Single());
        Assert.Equal(5, reports[^1]);
    }

    [Fact]
    public async Task A_download_that_does_not_match_its_digest_is_rejected()
    {
        var handler = new ScriptedHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("hello"u8.ToArray()) };
            response.Headers.TryAddWithoutValidation("Repr-Digest", "sha-256=:" + Convert.ToBase64String(new byte[32]) + ":");
            return response;
        });
        var client = CreateClient(handler);

        await Assert.ThrowsAsync<InvalidDataException>(() => client.Files.DownloadAsync("/a.bin", new MemoryStream()));
    }

    [Fact]
    public async Task The_bearer_token_is_sent_with_every_request()
    {
        var handler = new ScriptedHandler(_ => Json(HttpStatusCode.OK, UserJson));
        var client = CreateClient(handler);
        client.AccessToken = "tok";

        await client.Account.GetAsync();

        Assert.Equal("Bearer tok", handler.Requests[0].Request.Headers.Authorization!.ToString());
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
