using System.Text.Json.Nodes;
using Depot.Testing;

namespace Depot.Server.Tests.Hosting;

/// <summary>
/// The served OpenAPI document must equal the one checked in at <c>docs/openapi.v1.json</c>: a contract change
/// shows up in review as a diff of that file, not silently through shared DTOs. To accept a deliberate change, run
/// the tests with <c>DEPOT_UPDATE_OPENAPI=1</c> and commit the rewritten file.
/// </summary>
public sealed class OpenApiSnapshotTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Served_document_matches_the_checked_in_contract()
    {
        using var http = server.CreateHttpClient();
        var served = Normalise(await http.GetStringAsync("/openapi/v1.json"));
        var path = Path.Combine(Repository.Root, "docs", "openapi.v1.json");

        if (Environment.GetEnvironmentVariable("DEPOT_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        Assert.True(File.Exists(path), $"Missing {path}; run the tests once with DEPOT_UPDATE_OPENAPI=1.");
        var checkedIn = Normalise(await File.ReadAllTextAsync(path));
        Assert.True(checkedIn == served,
            "The API contract changed. If that is intended, run the tests with DEPOT_UPDATE_OPENAPI=1 and commit docs/openapi.v1.json.");
    }

    // The server list carries the test's random port; everything else is the contract.
    private static string Normalise(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document.Remove("servers");
        return document.ToJsonString(new() { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }
}
