using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Server.Tests.Observability;
using Depot.Server.Tests.Sharing;
using Depot.Testing;

namespace Depot.Server.Tests.Overload;

/// <summary>The bound on concurrent heavy requests (one, on <see cref="LimitedDepotServer"/>): zips and search answer 503 beyond it.</summary>
public sealed class HeavyRequestTests(LimitedDepotServer server) : IClassFixture<LimitedDepotServer>
{
    // Far more than loopback's socket buffers (a few MiB each way) and Kestrel's, so a zip nobody reads cannot finish
    // and keeps its slot until the client goes away. Random, so it cannot compress.
    private const int StalledZipBytes = 24 * 1024 * 1024;

    [Fact]
    public async Task While_a_zip_streams_other_zips_searches_and_folder_links_get_503_server_busy_until_it_ends()
    {
        using var user = await server.CreateUserAsync();
        var big = new byte[StalledZipBytes];
        Random.Shared.NextBytes(big);
        using (var put = await user.Http.PutAsync("/api/v1/files/big/big.bin?parents=true", new ByteArrayContent(big)))
        {
            put.EnsureSuccessStatusCode();
        }

        await user.Http.PutFileAsync("/small.txt", "small");
        var link = await user.Http.LinkOkAsync("/big");
        var before = await ScrapeAsync();

        var stalled = await user.Http.GetAsync("/api/v1/archives/big", HttpCompletionOption.ResponseHeadersRead);
        try
        {
            Assert.Equal(HttpStatusCode.OK, stalled.StatusCode);   // streaming has begun, so its slot is taken
            await AssertBusyAsync(await user.Http.GetAsync("/api/v1/archives/small.txt"));
            await AssertBusyAsync(await user.Http.GetAsync("/api/v1/search?q=small"));
            using var anonymous = server.CreateHttpClient();
            await AssertBusyAsync(await anonymous.GetAsync(link.Url));
            // Light requests are not heavy: a file download still works.
            Assert.Equal("small", await user.Http.GetStringAsync("/api/v1/files/small.txt"));
        }
        finally
        {
            stalled.Dispose();   // the client goes away: the zip fails to write and gives its slot back
        }

        await EventuallyAsync(async () =>
        {
            using var response = await user.Http.GetAsync("/api/v1/search?q=small");
            return response.StatusCode == HttpStatusCode.OK;
        });
        var after = await ScrapeAsync();
        Assert.True(after.Value("depot_throttled_total", ("reason", "heavy_concurrency")) - before.Value("depot_throttled_total", ("reason", "heavy_concurrency")) >= 3);
    }

    private static async Task AssertBusyAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(LimitedDepotServer.BusyRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Assert.Single(response.Headers.GetValues("Retry-After")));
            Assert.Equal(ErrorCodes.ServerBusy, (await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.Problem))!.Code);
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> check)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await check())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The heavy-request slot was not given back within 10 seconds.");
    }

    private async Task<PrometheusScrape> ScrapeAsync()
    {
        using var http = server.CreateHttpClient();
        return PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));
    }
}
