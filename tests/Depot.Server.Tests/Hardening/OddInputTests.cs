using System.Net;
using System.Net.Http.Headers;
using Depot.Protocol;
using Depot.Server.Tests.Hosting;

namespace Depot.Server.Tests.Hardening;

/// <summary>
/// Issue 9, point 9: blank names on every protocol, Range units, WebDAV destinations off the DAV tree, and the early
/// guards answering through the ordinary pipeline (security headers, request log line).
/// </summary>
public sealed class OddInputTests(LoggedDepotServer server) : IClassFixture<LoggedDepotServer>
{
    // Spaces, a no-break space, an ideographic space, a zero-width space: none of them shows in a listing.
    [Theory]
    [InlineData("%20")]
    [InlineData("%20%20%20")]
    [InlineData("%C2%A0")]
    [InlineData("%E3%80%80")]
    [InlineData("%E2%80%8B")]
    public async Task Names_made_only_of_white_space_are_refused_on_every_protocol(string blank)
    {
        using var user = await server.CreateUserAsync();

        await AssertInvalidNameAsync(await user.Http.PutAsync($"/api/v1/files/{blank}", new StringContent("x")));
        await AssertInvalidNameAsync(await user.Http.PostAsync($"/api/v1/folders/{blank}", null));
        await AssertInvalidNameAsync(await user.Http.SendAsync(new HttpRequestMessage(new HttpMethod("MKCOL"), $"/dav/{blank}")));
        await AssertInvalidNameAsync(await user.Http.PutAsync($"/dav/{blank}", new StringContent("x")));

        var name = Uri.UnescapeDataString(blank);
        using var tus = await Tus.Tus.CreateAsync(user.Http, Tus.Tus.Metadata(("path", "/" + name)), 1);
        Assert.Equal(HttpStatusCode.BadRequest, tus.StatusCode);

        // Spaces around a visible name are the user's choice and stay allowed.
        using var padded = await user.Http.PutAsync("/api/v1/files/%20padded%20", new StringContent("x"));
        Assert.Equal(HttpStatusCode.Created, padded.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/files/range.txt")]
    [InlineData("/dav/range.txt")]
    public async Task A_range_in_an_unknown_unit_is_ignored_and_the_whole_file_served(string url)
    {
        using var user = await server.CreateUserAsync();
        (await user.Http.PutAsync("/api/v1/files/range.txt", new StringContent("0123456789"))).EnsureSuccessStatusCode();

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Range", "items=0-1");
        using var response = await user.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0123456789", await response.Content.ReadAsStringAsync());

        using var bytes = new HttpRequestMessage(HttpMethod.Get, url);
        bytes.Headers.Range = new RangeHeaderValue(0, 1);
        using var partial = await user.Http.SendAsync(bytes);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("01", await partial.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_webdav_destination_outside_the_dav_tree_is_a_clear_400()
    {
        using var user = await server.CreateUserAsync();
        (await user.Http.PutAsync("/dav/source.txt", new StringContent("x"))).EnsureSuccessStatusCode();

        foreach (var destination in new[] { "/api/v1/files/copy.txt", $"{server.Address}api/v1/files/copy.txt", "/davx/copy.txt" })
        {
            using var copy = new HttpRequestMessage(new HttpMethod("COPY"), "/dav/source.txt");
            copy.Headers.Add("Destination", destination);
            using var response = await user.Http.SendAsync(copy);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains(ErrorCodes.InvalidRequest, body);
            Assert.Contains("outside the WebDAV tree", body);
        }
    }

    [Fact]
    public async Task A_webdav_destination_on_another_server_is_502_with_its_own_code()
    {
        using var user = await server.CreateUserAsync();
        (await user.Http.PutAsync("/dav/away.txt", new StringContent("x"))).EnsureSuccessStatusCode();

        using var move = new HttpRequestMessage(new HttpMethod("MOVE"), "/dav/away.txt");
        move.Headers.Add("Destination", "https://elsewhere.example/dav/away.txt");
        using var response = await user.Http.SendAsync(move);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains(ErrorCodes.ForeignDestination, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/api/v1/files/a/%2e%2e/b", 400)]
    [InlineData("POST", "/api/v1/uploads", 412)]
    public async Task Answers_of_the_early_guards_carry_security_headers_and_a_request_log_line(string method, string target, int expected)
    {
        using var user = await server.CreateUserAsync();
        // A raw socket: HttpClient would resolve the dot segment itself and never send it.
        var (status, response) = await Files.RawHttp.SendAsync(server.Address, method, target, user.Token);

        Assert.Equal(expected, status);
        Assert.Contains("X-Content-Type-Options: nosniff", response, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(server.Logs.Lines, line => line.EventId == 1100 && line.Message.Contains($"\"{method} /api/v1/", StringComparison.Ordinal)
            && line.Message.Contains($"-> {expected}", StringComparison.Ordinal));
    }

    private static async Task AssertInvalidNameAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(ErrorCodes.InvalidName, await response.Content.ReadAsStringAsync());
        }
    }
}
