using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Testing;

namespace Depot.Server.Tests.Files;

/// <summary>A scrub reads at most <c>Depot:Scrub:BytesPerSecond</c> over its whole run, so it can run online without starving users.</summary>
public sealed class ScrubRateTests(ScrubRateTests.Server server) : IClassFixture<ScrubRateTests.Server>
{
    private const long Rate = 256 * 1024;

    public sealed class Server : DepotServer
    {
        protected override IEnumerable<string> ExtraArguments => [$"--Depot:Scrub:BytesPerSecond={Rate}"];
    }

    [Fact]
    public async Task Scrub_is_held_to_its_rate()
    {
        using var admin = await server.CreateUserAsync(isAdmin: true);
        for (var i = 0; i < 3; i++)
        {
            using var put = await admin.Http.PutAsync($"/api/v1/files/f{i}.bin", new ByteArrayContent(new byte[Rate]));
            put.EnsureSuccessStatusCode();
        }

        using (var started = await admin.Http.PostAsync("/api/v1/admin/scrub", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        Depot.Protocol.Admin.ScrubReportInfo? report = null;
        while (report is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var status = (await admin.Http.GetFromJsonAsync("/api/v1/admin/scrub", DepotJsonContext.Default.ScrubStatus))!;
            report = status.Running ? null : status.Last;
        }

        Assert.NotNull(report);
        Assert.True(report.BytesChecked >= 3 * Rate, $"checked {report.BytesChecked} bytes");
        // 3 × the per-second rate: at least about 3 s (the first read is due at once, hence the small allowance).
        var took = report.CompletedAt - report.StartedAt;
        Assert.True(took >= TimeSpan.FromSeconds(2.5), $"a scrub of {report.BytesChecked} bytes at {Rate} bytes/s took only {took}");
    }
}
