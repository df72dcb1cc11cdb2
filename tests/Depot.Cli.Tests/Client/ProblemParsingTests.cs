using System.Net;
using System.Text;
using Depot.Client.Http;
using Depot.Protocol;

namespace Depot.Cli.Tests.Client;

public sealed class ProblemParsingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    [Fact]
    public async Task A_problem_document_gives_code_detail_and_retry_after()
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent("""{"type":"about:blank","title":"Slow down","status":429,"detail":"Too many attempts.","code":"too_many_attempts","requestId":"r1"}""",
                Encoding.UTF8, "application/problem+json"),
        };
        response.Headers.Add("Retry-After", "30");

        var error = await ProblemReader.ReadAsync(response, Now, CancellationToken.None);

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(ErrorCodes.TooManyAttempts, error.Code);
        Assert.Equal("Too many attempts.", error.Detail);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Contains("too_many_attempts", error.Message);
    }

    [Fact]
    public async Task A_non_json_error_keeps_the_status_without_a_code()
    {
        var response = new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("<html>bad gateway</html>", Encoding.UTF8, "text/html"),
            ReasonPhrase = "Bad Gateway",
        };

        var error = await ProblemReader.ReadAsync(response, Now, CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Null(error.Code);
        Assert.Equal("Bad Gateway", error.Detail);
    }

    [Fact]
    public void Malformed_json_is_no_problem_document() => Assert.Null(ProblemReader.Parse("{not json"u8));

    [Fact]
    public void Content_digest_round_trips_and_is_found_among_others()
    {
        var sha = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var header = ContentDigest.Format(sha);

        Assert.StartsWith("sha-256=:", header);
        Assert.Equal(sha, ContentDigest.ParseSha256("sha-512=:AAAA:, " + header));
        Assert.Null(ContentDigest.ParseSha256("sha-512=:AAAA:"));
        Assert.Null(ContentDigest.ParseSha256(null));
    }
}
