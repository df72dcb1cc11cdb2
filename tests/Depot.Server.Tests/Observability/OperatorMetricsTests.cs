using Depot.Core.Backups;
using Microsoft.Extensions.DependencyInjection;
using Depot.Testing;

namespace Depot.Server.Tests.Observability;

/// <summary>A server that measures storage usage every second, so a test sees its own writes in the gauges.</summary>
public sealed class FastUsageServer : DepotServer
{
    protected override IEnumerable<string> ExtraArguments => ["--Depot:Metrics:StorageUsageInterval=00:00:01"];
}

/// <summary>
/// What an operator alerts on besides traffic: the build, storage usage and room left, maintenance, counters that exist
/// at 0 before their first event, and a request histogram whose labels stay few. The storage figures are this server's
/// own (its own database), so they are compared exactly; counters are process-wide (other test servers share them).
/// </summary>
public sealed class OperatorMetricsTests(FastUsageServer server) : IClassFixture<FastUsageServer>
{
    [Fact]
    public async Task The_first_scrape_names_the_build_and_has_every_counter_at_zero_or_more()
    {
        var scrape = await ScrapeAsync();

        var build = Assert.Single(scrape.Samples, s => s.Name == "depot_build_info");
        Assert.Equal(1, build.Value);
        Assert.False(string.IsNullOrEmpty(build.Labels["version"]));
        foreach (var reason in (string[])["user_rate", "address_rate", "heavy_concurrency"])
        {
            Assert.Contains(scrape.Samples, s => s.Name == "depot_throttled_total" && s.Labels.GetValueOrDefault("reason") == reason);
        }

        foreach (var kind in (string[])["password", "token", "link_password"])
        {
            Assert.Contains(scrape.Samples, s => s.Name == "depot_auth_failures_total" && s.Labels.GetValueOrDefault("kind") == kind);
        }

        Assert.Contains(scrape.Samples, s => s.Name == "depot_blob_damaged_total"
            && s.Labels.GetValueOrDefault("detected_by") == "scrub" && s.Labels.GetValueOrDefault("damage") == "content_mismatch");
        Assert.Contains(scrape.Samples, s => s.Name == "depot_link_downloads_total");
        Assert.Contains(scrape.Samples, s => s.Name == "depot_metadata_write_retries_total");
        Assert.Contains(scrape.Samples, s => s.Name == "depot_dav_requests_total" && s.Labels.GetValueOrDefault("method") == "PROPFIND");
        Assert.Contains(scrape.Samples, s => s.Name == "depot_tus_uploads_active");
    }

    [Fact]
    public async Task Free_space_and_maintenance_are_reported()
    {
        var scrape = await WaitForAsync(s => s.Samples.Any(x => x.Name == "depot_maintenance_last_run_seconds"));

        var free = scrape.Value("depot_data_folder_free_bytes");
        var capacity = scrape.Value("depot_data_folder_capacity_bytes");
        var drive = new DriveInfo(server.DataPath);
        Assert.InRange(free, 1, capacity);
        Assert.Equal(drive.TotalSize, capacity);
        Assert.Equal(1, scrape.Value("depot_maintenance_last_run_succeeded"));
        Assert.InRange(scrape.Value("depot_maintenance_last_run_seconds"), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(),
            DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Storage_gauges_split_current_files_versions_and_trash()
    {
        using var user = await server.CreateUserAsync();
        await PutAsync(user.Http, "kept.bin", 1000);
        await PutAsync(user.Http, "kept.bin", 2000);
        await PutAsync(user.Http, "trashed.bin", 500);
        (await user.Http.DeleteAsync("/api/v1/files/trashed.bin")).EnsureSuccessStatusCode();
        var written = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var scrape = await WaitForAsync(s => s.Value("depot_storage_measured_seconds") > written);

        Assert.Equal(2000, scrape.Value("depot_storage_file_bytes", ("state", "current")));
        Assert.Equal(1000, scrape.Value("depot_storage_file_bytes", ("state", "versions")));
        Assert.Equal(500, scrape.Value("depot_storage_file_bytes", ("state", "trash")));
        Assert.Equal(1, scrape.Value("depot_storage_files", ("state", "live")));
        Assert.Equal(1, scrape.Value("depot_storage_files", ("state", "trash")));
        Assert.Equal(3, scrape.Value("depot_storage_blobs"));
        Assert.Equal(3500, scrape.Value("depot_storage_blob_bytes"));
        Assert.Equal(3500, scrape.Value("depot_storage_charged_bytes"));
        Assert.Equal(2, scrape.Value("depot_users"));   // the bootstrap admin and this user
    }

    [Fact]
    public async Task The_last_backup_is_reported_with_its_time_bytes_and_whether_the_latest_failed()
    {
        var backups = server.Services.GetRequiredService<BackupRecords>();
        var good = await backups.StartAsync("/backups/a", CancellationToken.None);
        await backups.FinishAsync(good, BackupRecords.Ok, 3, 4096, CancellationToken.None);
        var finished = await backups.LastSucceededAsync(CancellationToken.None);

        var scrape = await WaitForAsync(s => s.Samples.Any(x => x.Name == "depot_backup_last_run_succeeded" && x.Value == 1));
        Assert.Equal(finished!.FinishedAt / 1000, scrape.Value("depot_backup_last_completed_seconds"));
        Assert.Equal(4096, scrape.Value("depot_backup_last_completed_bytes"));

        await Task.Delay(5);   // a later finish time than the good one's, in whole milliseconds
        var bad = await backups.StartAsync("/backups/a", CancellationToken.None);
        await backups.FinishAsync(bad, "the destination is full", 0, 0, CancellationToken.None);
        scrape = await WaitForAsync(s => s.Samples.Any(x => x.Name == "depot_backup_last_run_succeeded" && x.Value == 0));
        Assert.Equal(0, scrape.Value("depot_backup_last_run_succeeded"));
        Assert.Equal(finished.FinishedAt / 1000, scrape.Value("depot_backup_last_completed_seconds"));
    }

    [Fact]
    public async Task Request_durations_are_labelled_by_route_method_and_status_only()
    {
        using var http = server.CreateHttpClient();
        (await http.GetAsync("/healthz")).Dispose();
        (await http.GetAsync("/api/v1/me")).Dispose();

        var scrape = await ScrapeAsync();

        var labels = scrape.Samples.Where(s => s.Family == "http_server_request_duration_seconds").SelectMany(s => s.Labels.Keys).ToHashSet();
        Assert.Subset(new HashSet<string>(["http_request_method", "http_route", "http_response_status_code", "le"]), labels);
        Assert.Contains("http_response_status_code", labels);
    }

    private static async Task PutAsync(HttpClient http, string name, int size)
    {
        var content = new byte[size];
        Random.Shared.NextBytes(content);
        using var response = await http.PutAsync("/api/v1/files/" + name, new ByteArrayContent(content));
        response.EnsureSuccessStatusCode();
    }

    private async Task<PrometheusScrape> WaitForAsync(Func<PrometheusScrape, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            var scrape = await ScrapeAsync();
            if (condition(scrape) || DateTimeOffset.UtcNow > deadline)
            {
                return scrape;
            }

            await Task.Delay(200);
        }
    }

    private async Task<PrometheusScrape> ScrapeAsync()
    {
        using var http = server.CreateHttpClient();
        return PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));
    }
}
