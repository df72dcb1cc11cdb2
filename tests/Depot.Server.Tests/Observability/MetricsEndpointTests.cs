using System.Net;
using System.Net.Http.Headers;
using Depot.Testing;

namespace Depot.Server.Tests.Observability;

/// <summary>
/// <c>/metrics</c> over sockets: the whole scrape is well-formed, Depot's counters move with real traffic, and the
/// framework's request, connection and runtime metrics are there. Other test servers in this process share Depot's
/// (process-wide) meter, so counters are compared as "grew by at least".
/// </summary>
public sealed class MetricsEndpointTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task A_scrape_is_well_formed_prometheus_text_with_framework_and_runtime_metrics()
    {
        using var http = server.CreateHttpClient();
        (await http.GetAsync("/healthz")).Dispose();

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var scrape = PrometheusScrape.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("histogram", scrape.Types["http_server_request_duration_seconds"]);
        Assert.True(scrape.Value("http_server_request_duration_seconds_count", ("http_route", "/healthz"), ("http_response_status_code", "200")) >= 1);
        Assert.Equal("gauge", scrape.Types["kestrel_active_connections"]);
        Assert.True(scrape.Value("kestrel_active_connections") >= 1);   // this scrape's own connection
        Assert.True(scrape.Value("dotnet_process_memory_working_set_bytes") > 0);
        Assert.Equal("counter", scrape.Types["dotnet_gc_collections_total"]);
    }

    [Fact]
    public async Task Uploads_downloads_and_webdav_requests_move_their_counters()
    {
        using var user = await server.CreateUserAsync();
        var before = await ScrapeAsync();
        var content = new byte[40_000];   // over the inline limit (16 KiB): a blob file, fsynced
        Random.Shared.NextBytes(content);

        using (var put = await user.Http.PutAsync("/api/v1/files/m.bin", new ByteArrayContent(content)))
        {
            put.EnsureSuccessStatusCode();
        }

        Assert.Equal(content, await user.Http.GetByteArrayAsync("/api/v1/files/m.bin"));
        using (var propfind = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/"))
        {
            propfind.Headers.Add("Depth", "0");
            (await user.Http.SendAsync(propfind)).Dispose();
        }

        var after = await ScrapeAsync();
        Assert.True(after.Value("depot_uploads_total") - before.Value("depot_uploads_total") >= 1);
        Assert.True(after.Value("depot_upload_bytes_total") - before.Value("depot_upload_bytes_total") >= content.Length);
        Assert.True(after.Value("depot_download_bytes_total") - before.Value("depot_download_bytes_total") >= content.Length);
        Assert.True(after.Value("depot_dav_requests_total", ("method", "PROPFIND")) - before.Value("depot_dav_requests_total", ("method", "PROPFIND")) >= 1);
        if (!TestStorage.UseS3)
        {
            // An object store has no fsync: its PUT answers once the object is durable.
            Assert.True(after.Value("depot_blob_fsync_duration_seconds_count") > before.Value("depot_blob_fsync_duration_seconds_count"));
        }

        if (!TestMetadata.UsePostgres)
        {
            // Group commit is SQLite's (one writer); on PostgreSQL every upload commits on its own.
            Assert.True(after.Value("depot_group_commit_batch_size_count") > before.Value("depot_group_commit_batch_size_count"));
        }
    }

    [Fact]
    public async Task Failed_token_checks_are_counted_by_kind()
    {
        var before = await ScrapeAsync();
        using var http = server.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dpt_not-a-token");
        (await http.GetAsync("/api/v1/me")).Dispose();

        var after = await ScrapeAsync();

        Assert.True(after.Value("depot_auth_failures_total", ("kind", "token")) - before.Value("depot_auth_failures_total", ("kind", "token")) >= 1);
    }

    [Fact]
    public async Task A_loopback_request_that_came_through_an_untrusted_proxy_gets_404()
    {
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<PrometheusScrape> ScrapeAsync()
    {
        using var http = server.CreateHttpClient();
        return PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));
    }
}
