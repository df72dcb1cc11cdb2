using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Dapper;
using Depot.Core.Data;
using Depot.Protocol.Admin;
using Depot.Protocol.Files;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Operations;

/// <summary>
/// Issue 16, backups: <c>depot-server backup DEST</c> runs beside a server under a load that writes, deletes (emptying
/// the trash, so garbage collection runs) and moves files; <c>depot-server restore</c> makes a fresh data folder from it,
/// and a server started there serves every write acknowledged before the backup started with the right hash, every
/// metadata blob row has its file, and a scrub finds nothing damaged. A second backup copies only the new blobs; restore
/// refuses a folder that is not empty.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class BackupRestoreTests(ITestOutputHelper output)
{
    private static readonly string[] Local = ["--Depot:Storage:Provider=local"];

    private const int Doomed = 300;

    [Fact]
    public async Task A_backup_taken_under_load_restores_every_acknowledged_write_and_a_second_backup_copies_only_new_blobs()
    {
        await using var live = new DepotProcess(output, extraArguments: Local);
        await live.StartAsync();
        using var alice = await live.CreateUserAsync();
        var acknowledged = new ConcurrentDictionary<string, (string Sha256, DateTimeOffset At)>(StringComparer.Ordinal);
        var touched = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);   // deleted or moved by the load at some point
        for (var i = 0; i < 24; i++)
        {
            await PutAsync(alice.Http, $"before/{i}.bin", RandomNumberGenerator.GetBytes(1024 * 1024), acknowledged);
        }

        // Small files are kept in the metadata store (Depot:Storage:InlineMaxBytes): the backup's database carries them.
        for (var i = 0; i < 8; i++)
        {
            await PutAsync(alice.Http, $"small/{i}.txt", RandomNumberGenerator.GetBytes(2000 + i), acknowledged);
        }

        // Written last, so copied last (ids are time-ordered): the load deletes and purges them one by one while the
        // backup copies, which without the backup lease would take blobs of the snapshot away before their copy.
        for (var i = 0; i < Doomed; i++)
        {
            await PutAsync(alice.Http, $"doomed/{i}.bin", RandomNumberGenerator.GetBytes(20_000), acknowledged);
        }

        using var stopLoad = new CancellationTokenSource();
        var load = RunLoadAsync(alice.Http, acknowledged, touched, stopLoad.Token);
        await Task.Delay(500);
        var backupStarted = DateTimeOffset.UtcNow;
        var opsBefore = acknowledged.Count + touched.Count;
        var dest = Path.Combine(Path.GetTempPath(), "depot-backup-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = await BackupAsync(live.DataPath, dest);
            var opsDuring = acknowledged.Count + touched.Count - opsBefore;
            await stopLoad.CancelAsync();
            await load;

            Assert.Equal(0, first.ExitCode);
            output.WriteLine($"load operations completed while the backup ran: {opsDuring}");
            Assert.True(File.Exists(Path.Combine(dest, "manifest.json")));
            Assert.False(File.Exists(Path.Combine(dest, "depot.db.partial")));

            // Incremental: once a backup has caught up with the stopped load, only what is written after it is new.
            Assert.Equal(0, (await BackupAsync(live.DataPath, dest)).ExitCode);
            for (var i = 0; i < 3; i++)
            {
                await PutAsync(alice.Http, $"after/{i}.bin", RandomNumberGenerator.GetBytes(20_000 + i), acknowledged);
            }

            var second = await BackupAsync(live.DataPath, dest);
            Assert.Equal(0, second.ExitCode);
            Assert.Matches(@"(?m)^copied and verified\s+3\s", second.StandardOutput);

            var restored = Path.Combine(Path.GetTempPath(), "depot-restored-" + Guid.NewGuid().ToString("N"));
            var restore = await ServerCommand.RunAsync(["restore", dest, "--data", restored, .. Local]);
            output.WriteLine(restore.Output);
            Assert.Equal(0, restore.ExitCode);
            Assert.Contains("integrity_check ok", restore.StandardOutput);
            Assert.Matches(@"Restored [1-9]\d* blobs", restore.StandardOutput);

            var again = await ServerCommand.RunAsync(["restore", dest, "--data", restored, .. Local]);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("is not empty", again.StandardError);

            await AssertEveryBlobRowHasItsContentAsync(restored);
            await using var back = new DepotProcess(output, dataPath: restored, extraArguments: Local);
            await back.StartAsync();
            using var http = back.CreateHttpClient(alice.Token);
            var expected = acknowledged.Where(w => (w.Value.At < backupStarted && !touched.ContainsKey(w.Key)) || w.Key.StartsWith("after/", StringComparison.Ordinal)).ToList();
            Assert.True(expected.Count >= 27, $"only {expected.Count} writes to check");
            foreach (var (path, (sha256, _)) in expected)
            {
                var download = await http.DownloadAsync(path);
                Assert.True(download.Status == HttpStatusCode.OK, $"{path}: {download.Status}");
                Assert.Equal(sha256, download.Sha256);
            }

            await AssertScrubFindsNothingAsync(back);
            Directory.Delete(restored, recursive: true);
        }
        finally
        {
            await stopLoad.CancelAsync();
            if (Directory.Exists(dest))
            {
                Directory.Delete(dest, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Backup_and_restore_refuse_what_they_cannot_do_safely()
    {
        var notABackup = Directory.CreateTempSubdirectory("depot-not-a-backup-").FullName;
        try
        {
            var restore = await ServerCommand.RunAsync(["restore", notABackup, "--data", Path.Combine(notABackup, "data"), .. Local]);
            Assert.Equal(1, restore.ExitCode);
            Assert.Contains("holds no Depot backup", restore.StandardError);

            var usage = await ServerCommand.RunAsync(["backup", "--data", notABackup]);
            Assert.Equal(2, usage.ExitCode);

            var noDatabase = await ServerCommand.RunAsync(["backup", Path.Combine(notABackup, "dest"), "--data", notABackup, .. Local]);
            Assert.Equal(1, noDatabase.ExitCode);
            Assert.Contains("no Depot database", noDatabase.StandardError);
            Assert.DoesNotContain("   at ", noDatabase.Output);
        }
        finally
        {
            Directory.Delete(notABackup, recursive: true);
        }
    }

    [Fact]
    public async Task Backup_of_a_schema_made_before_backups_existed_says_to_start_the_upgraded_server_first()
    {
        string dataPath;
        await using (var old = new DepotProcess(output, extraArguments: Local))
        {
            await old.StartAsync();
            dataPath = old.DataPath;
            await old.TerminateAsync(TimeSpan.FromSeconds(20));
            // As an older depot-server left it: no backups table, migration 0020 not recorded.
            await RunAsync("sqlite3", Path.Combine(dataPath, "depot.db"),
                "DROP TABLE backups; DELETE FROM schema_migrations WHERE version = '0020_backups';");
            var dest = Path.Combine(Path.GetTempPath(), "depot-backup-" + Guid.NewGuid().ToString("N"));

            var refused = await BackupAsync(dataPath, dest);

            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("Start this version's server once", refused.StandardError);
            Assert.DoesNotContain("   at ", refused.Output);
            Assert.False(Directory.Exists(dest));
        }
    }

    [Fact]
    public async Task Restore_folder_puts_a_users_folder_as_it_was_under_Restored_charged_to_quota_and_audited()
    {
        await using var live = new DepotProcess(output, extraArguments: Local);
        await live.StartAsync();
        using var alice = await live.CreateUserAsync();
        using var bob = await live.CreateUserAsync(quotaBytes: 10_000);
        var report = RandomNumberGenerator.GetBytes(40_000);  // a blob file; the notes are kept in the metadata store
        var notes = "first notes"u8.ToArray();
        await PutAsync(alice.Http, "docs/report.bin", report, new());
        await PutAsync(alice.Http, "docs/sub/notes.txt", notes, new());
        await PutAsync(alice.Http, "other/elsewhere.txt", "not asked for"u8.ToArray(), new());
        await PutAsync(bob.Http, "big.bin", RandomNumberGenerator.GetBytes(6000), new());
        var dest = Path.Combine(Path.GetTempPath(), "depot-backup-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, (await BackupAsync(live.DataPath, dest)).ExitCode);
            // Since the backup: one file deleted for good, one changed.
            (await alice.Http.DeleteAsync(FilesApi.Route("files", "docs/report.bin"))).EnsureSuccessStatusCode();
            (await alice.Http.DeleteAsync("/api/v1/trash")).EnsureSuccessStatusCode();
            await PutAsync(alice.Http, "docs/sub/notes.txt", "second notes"u8.ToArray(), new());

            var restored = await ServerCommand.RunAsync(["restore-folder", dest, "--user", alice.Username, "--path", "/docs",
                "--data", live.DataPath, .. Local]);
            output.WriteLine(restored.Output);
            Assert.Equal(0, restored.ExitCode);

            var folder = $"Restored {DateTimeOffset.UtcNow:yyyy-MM-dd}";
            Assert.Equal(report, await alice.Http.GetByteArrayAsync(FilesApi.Route("files", $"{folder}/docs/report.bin")));
            Assert.Equal(notes, await alice.Http.GetByteArrayAsync(FilesApi.Route("files", $"{folder}/docs/sub/notes.txt")));
            Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync(FilesApi.Route("files", $"{folder}/other/elsewhere.txt"))).StatusCode);
            Assert.Equal("second notes", await alice.Http.GetStringAsync(FilesApi.Route("files", "docs/sub/notes.txt")));   // the live file untouched

            using var admin = await live.CreateAdminHttpClientAsync();
            var audit = await admin.GetStringAsync("/api/v1/audit?action=backup.restore_folder");
            Assert.Contains(alice.Username, audit, StringComparison.OrdinalIgnoreCase);

            // bob's 6,000 bytes again would take him past his 10,000-byte quota: refused before anything is written.
            var overQuota = await ServerCommand.RunAsync(["restore-folder", dest, "--user", bob.Username, "--data", live.DataPath, .. Local]);
            Assert.Equal(1, overQuota.ExitCode);
            Assert.Contains("quota", overQuota.StandardError);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.Http.GetAsync(FilesApi.Route("files", folder))).StatusCode);
        }
        finally
        {
            if (Directory.Exists(dest))
            {
                Directory.Delete(dest, recursive: true);
            }
        }
    }

    [Fact]
    public async Task On_postgres_and_s3_backup_dumps_the_metadata_with_pg_dump_and_copies_every_object_verified()
    {
        string[] deployment = ["--Depot:Metadata:Provider=postgres", $"--Depot:Metadata:ConnectionString={PostgresServer.Shared.CreateDatabase("backup")}",
            .. S3Server.Shared.DepotArguments(S3Server.Shared.CreateBucket("backup"))];
        await using var live = new DepotProcess(output, extraArguments: deployment);
        await live.StartAsync();
        using var alice = await live.CreateUserAsync();
        var written = new ConcurrentDictionary<string, (string Sha256, DateTimeOffset At)>(StringComparer.Ordinal);
        for (var i = 0; i < 5; i++)
        {
            await PutAsync(alice.Http, $"docs/{i}.bin", RandomNumberGenerator.GetBytes(20_000 * (i + 1)), written);
        }

        var objects = written.Values.Select(w => w.Sha256).Order(StringComparer.Ordinal).ToList();
        // Kept in the metadata store (Depot:Storage:InlineMaxBytes), so in the dump, not among the copied objects.
        await PutAsync(alice.Http, "docs/small.txt", "a small file"u8.ToArray(), written);

        var dest = Path.Combine(Path.GetTempPath(), "depot-backup-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = await ServerCommand.RunAsync(["backup", dest, "--data", live.DataPath, .. deployment], timeout: TimeSpan.FromSeconds(45));
            output.WriteLine(run.Output);

            Assert.Equal(0, run.ExitCode);
            Assert.DoesNotContain(S3Server.SecretKey, run.Output);
            Assert.Matches(@"(?m)^copied and verified\s+5\s", run.StandardOutput);
            var blobs = Directory.GetFiles(Path.Combine(dest, "blobs"), "*", SearchOption.AllDirectories);
            Assert.Equal(objects, blobs.Select(b => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(b)))).Order(StringComparer.Ordinal));
            var listing = await RunAsync("pg_restore", "--list", Path.Combine(dest, "depot.dump"));
            Assert.Contains("TABLE DATA public versions", listing);
            Assert.Contains("TABLE DATA public blob_contents", listing);
            Assert.Contains("TABLE DATA public backups", listing);

            var restore = await ServerCommand.RunAsync(["restore", dest, "--data", Path.Combine(dest, "restored"), .. Local]);
            Assert.Equal(1, restore.ExitCode);
            Assert.Contains("pg_restore", restore.StandardError);
        }
        finally
        {
            if (Directory.Exists(dest))
            {
                Directory.Delete(dest, recursive: true);
            }
        }
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new global::System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = global::System.Diagnostics.Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return text;
    }

    private async Task<ServerCommand.Outcome> BackupAsync(string dataPath, string dest)
    {
        var run = await ServerCommand.RunAsync(["backup", dest, "--data", dataPath, .. Local], timeout: TimeSpan.FromSeconds(45));
        output.WriteLine(run.Output);
        return run;
    }

    // Writes new files, deletes some (and empties the trash, so their blobs become garbage) and moves others, until stopped.
    private static async Task RunLoadAsync(HttpClient http, ConcurrentDictionary<string, (string, DateTimeOffset)> acknowledged,
        ConcurrentDictionary<string, bool> touched, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                await PutAsync(http, $"load/{i}.bin", RandomNumberGenerator.GetBytes(32 * 1024), acknowledged, stop);
                if (i < Doomed)
                {
                    touched[$"doomed/{i}.bin"] = true;
                    (await http.DeleteAsync(FilesApi.Route("files", $"doomed/{i}.bin"), stop)).EnsureSuccessStatusCode();
                    (await http.DeleteAsync("/api/v1/trash", stop)).EnsureSuccessStatusCode();
                }

                if (i % 3 == 1)
                {
                    touched[$"load/{i - 1}.bin"] = true;
                    (await http.DeleteAsync(FilesApi.Route("files", $"load/{i - 1}.bin"), stop)).EnsureSuccessStatusCode();
                    (await http.DeleteAsync("/api/v1/trash", stop)).EnsureSuccessStatusCode();
                }
                else if (i % 3 == 2)
                {
                    touched[$"load/{i}.bin"] = true;
                    (await http.PostAsJsonAsync("/api/v1/moves", new MoveRequest($"/load/{i}.bin", $"/load/moved-{i}.bin"), stop)).EnsureSuccessStatusCode();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static async Task PutAsync(HttpClient http, string path, byte[] bytes,
        ConcurrentDictionary<string, (string, DateTimeOffset)> acknowledged, CancellationToken cancellationToken = default)
    {
        using var response = await http.UploadAsync(path, FilesApi.Bytes(bytes), cancellationToken);
        response.EnsureSuccessStatusCode();
        acknowledged[path] = (Convert.ToHexStringLower(SHA256.HashData(bytes)), DateTimeOffset.UtcNow);
    }

    private static async Task AssertEveryBlobRowHasItsContentAsync(string dataPath)
    {
        using var database = new SqliteDatabase(Path.Combine(dataPath, "depot.db"));
        await using var connection = await database.OpenAsync(default);
        // A small file's content is in the database itself (blob_contents); every other blob row needs its file.
        var ids = (await connection.QueryAsync<string>(
            "SELECT id FROM blobs WHERE NOT EXISTS (SELECT 1 FROM blob_contents c WHERE c.blob_id = blobs.id)")).AsList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.True(File.Exists(Path.Combine(dataPath, "blobs", id[^2..], id)), $"blob row {id} has no file"));
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM blob_contents") > 0, "no small file was kept inline");
    }

    private static async Task AssertScrubFindsNothingAsync(DepotProcess server)
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        (await admin.PostAsync("/api/v1/admin/scrub", null)).EnsureSuccessStatusCode();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        ScrubStatus? status;
        do
        {
            await Task.Delay(200);
            status = await admin.GetFromJsonAsync<ScrubStatus>("/api/v1/admin/scrub");
        }
        while (status is not { Running: false, Last: not null } && DateTimeOffset.UtcNow < deadline);

        Assert.NotNull(status?.Last);
        Assert.True(status.Last.BlobsChecked > 0);
        Assert.Empty(status.Last.Damaged);
    }
}
