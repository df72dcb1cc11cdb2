using System.Net;
using Depot.Testing;

namespace Depot.Server.Tests.Hosting;

public sealed class OpenApiTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task OpenApi_document_is_served()
    {
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"openapi\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_route_answers_problem_json_with_code()
    {
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"code\":\"not_found\"", await response.Content.ReadAsStringAsync());
    }
}
