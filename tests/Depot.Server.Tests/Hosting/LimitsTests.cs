using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Depot.Protocol;
using Depot.Testing;

namespace Depot.Server.Tests.Hosting;

public sealed class LimitsTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Oversized_headers_answer_431()
    {
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 40 * 1024));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Too_many_headers_answer_431()
    {
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        for (var i = 0; i < 150; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-H{i}", "x");
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Overlong_request_line_answers_414()
    {
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync("/api/v1/files/" + new string('a', 20 * 1024));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task Deep_path_of_accented_names_fits_the_request_line()
    {
        var segment = Uri.EscapeDataString(new string('é', 120));   // 240 UTF-8 bytes, 720 characters escaped
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync("/api/v1/no-such/" + string.Join('/', Enumerable.Repeat(segment, 15)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Json_body_over_the_limit_answers_413_problem_with_code(bool chunked)
    {
        using var http = server.CreateHttpClient();
        var body = Encoding.UTF8.GetBytes("{\"username\":\"" + new string('a', 2 * 1024 * 1024) + "\",\"password\":\"x\"}");
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await http.PostAsync("/api/v1/auth/token", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), DepotJsonContext.Default.Problem);
        Assert.Equal(ErrorCodes.PayloadTooLarge, problem!.Code);
    }

    [Fact]
    public async Task Server_header_is_not_sent()
    {
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync("/healthz");

        Assert.Empty(response.Headers.Server);
    }
}
