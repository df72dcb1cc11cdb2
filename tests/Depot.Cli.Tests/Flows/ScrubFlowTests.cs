using System.Text.Json;
using Depot.Cli.Output;
using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary><c>depot admin scrub</c> against a real server: it waits for the server's scrub and reports a damaged blob by owner and path.</summary>
public sealed class ScrubFlowTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Admin_scrub_reports_a_flipped_blob_by_owner_and_path_and_exits_1()
    {
        using var admin = new CliRunner().With("DEPOT_PASSWORD", DepotServer.AdminPassword);
        await admin.RunAsync("login", server.Address.AbsoluteUri, "-u", "admin").ShouldSucceedAsync();
        using var alice = await server.CreateUserAsync();
        var content = new byte[64 * 1024];
        Random.Shared.NextBytes(content);
        using (var put = await alice.Http.PutAsync("/api/v1/files/photo.raw", new ByteArrayContent(content)))
        {
            put.EnsureSuccessStatusCode();
        }

        var clean = await admin.RunAsync("admin", "scrub").ShouldSucceedAsync();
        Assert.Contains("0 damaged or missing", clean.Out, StringComparison.Ordinal);

        var blob = Directory.EnumerateFiles(Path.Combine(server.DataPath, "blobs"), "*", SearchOption.AllDirectories)
            .Single(f => File.ReadAllBytes(f).AsSpan().SequenceEqual(content));
        content[100] ^= 0x80;
        await File.WriteAllBytesAsync(blob, content);

        var found = await admin.RunAsync("admin", "scrub").ShouldFailWithAsync(ExitCodes.Error);
        Assert.Contains("content_mismatch", found.Out, StringComparison.Ordinal);
        Assert.Contains($"{alice.Username}:/photo.raw", found.Out, StringComparison.Ordinal);

        var json = await admin.RunAsync("admin", "scrub", "--status", "--json").ShouldFailWithAsync(ExitCodes.Error);
        var report = JsonSerializer.Deserialize(json.Out, CliJsonContext.Default.ScrubReportInfo)!;
        Assert.Equal(Path.GetFileName(blob), Assert.Single(report.Damaged).BlobId);

        using var user = new CliRunner().With("DEPOT_PASSWORD", alice.Password);
        await user.RunAsync("login", server.Address.AbsoluteUri, "-u", alice.Username).ShouldSucceedAsync();
        await user.RunAsync("admin", "scrub").ShouldFailWithAsync(ExitCodes.Auth);
    }
}
