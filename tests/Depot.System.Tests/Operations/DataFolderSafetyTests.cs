using System.Runtime.Versioning;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Operations;

/// <summary>
/// Issue 9, points 2 and 12: a server never starts fresh over files it does not know (which maintenance would then
/// delete), and everything it writes is readable by its own account only.
/// </summary>
[Collection(nameof(ProcessCollection))]
[SupportedOSPlatform("linux")]
public sealed class DataFolderSafetyTests(ITestOutputHelper output)
{
    public enum DatabaseDamage { Missing, Empty, Garbage }

    [Theory]
    [InlineData(DatabaseDamage.Missing, "blob store already holds files")]
    [InlineData(DatabaseDamage.Empty, "blob store already holds files")]
    [InlineData(DatabaseDamage.Garbage, "cannot be read")]
    public async Task A_lost_or_damaged_database_beside_existing_blobs_refuses_to_start_and_deletes_nothing(DatabaseDamage damage, string reason)
    {
        await using var depot = await DepotProcess.StartNewAsync(output);
        await UploadAsync(depot, "keep.txt", "precious");
        await depot.KillAsync();
        var blobs = BlobFiles(depot.DataPath);
        Assert.NotEmpty(blobs);

        Damage(depot.DataPath, damage);
        var refused = await ServerCommand.RunAsync(["--urls=http://127.0.0.1:0", $"--Depot:DataPath={depot.DataPath}", "--DEPOT_ADMIN_PASSWORD=unused-pass-1"]);
        output.WriteLine(refused.Output);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(reason, refused.StandardError);
        Assert.DoesNotContain("   at ", refused.Output);
        Assert.DoesNotContain("Created the administrator", refused.Output);
        Assert.All(blobs, blob => Assert.True(File.Exists(blob), $"{blob} was deleted"));
    }

    [Fact]
    public async Task A_deliberate_reinitialisation_keeps_old_blobs_until_the_new_database_is_older_than_the_grace_period()
    {
        await using var depot = await DepotProcess.StartNewAsync(output);
        await UploadAsync(depot, "old.txt", "from the old database");
        await depot.KillAsync();
        var blobs = BlobFiles(depot.DataPath);
        foreach (var blob in blobs)
        {
            // Written long before the grace period (one day): without the database-age rule, the first maintenance run
            // (at start) would collect them as orphans.
            File.SetLastWriteTimeUtc(blob, DateTime.UtcNow.AddDays(-3));
        }

        Damage(depot.DataPath, DatabaseDamage.Missing);
        await using var fresh = new DepotProcess(output, dataPath: depot.DataPath, extraArguments: ["--Depot:Storage:ReinitializeMetadata=true"]);
        var mark = fresh.OutputMark;
        await fresh.StartAsync();
        await fresh.WaitForOutputAsync("Maintenance:", mark, TimeSpan.FromSeconds(30));

        Assert.All(blobs, blob => Assert.True(File.Exists(blob), $"{blob} was collected by a database younger than the grace period"));
        Assert.Contains("ReinitializeMetadata=true", fresh.RecentOutput);
    }

    [Fact]
    public async Task The_data_folder_the_database_and_the_blobs_are_readable_by_their_owner_only()
    {
        await using var depot = await DepotProcess.StartNewAsync(output);
        await UploadAsync(depot, "private.txt", "nobody else's business");

        Assert.Equal("700", Mode(depot.DataPath));
        foreach (var name in new[] { "depot.db", "depot.db-wal", "depot.db-shm" })
        {
            Assert.Equal("600", Mode(Path.Combine(depot.DataPath, name)));
        }

        var blob = Assert.Single(BlobFiles(depot.DataPath));
        Assert.Equal("600", Mode(blob));
        Assert.Equal("700", Mode(Path.GetDirectoryName(blob)!));
        Assert.Equal("700", Mode(Path.Combine(depot.DataPath, "blobs")));
    }

    [Fact]
    public async Task A_world_readable_data_folder_from_an_older_version_is_made_owner_only()
    {
        var folder = Directory.CreateTempSubdirectory("depot-open-");
        File.SetUnixFileMode(folder.FullName, (UnixFileMode)Convert.ToInt32("755", 8));
        await using var depot = new DepotProcess(output, dataPath: folder.FullName);
        try
        {
            await depot.StartAsync();
            Assert.Equal("700", Mode(folder.FullName));
        }
        finally
        {
            await depot.DisposeAsync();
            folder.Delete(recursive: true);
        }
    }

    private static async Task UploadAsync(DepotProcess depot, string name, string content)
    {
        using var user = await depot.CreateUserAsync();
        // Padded over Depot:Storage:InlineMaxBytes, so the content is a blob file (not kept in the metadata store).
        using var put = await user.Http.PutAsync($"/api/v1/files/{name}", new StringContent(content + new string(' ', 20_000)));
        put.EnsureSuccessStatusCode();
    }

    private static IReadOnlyList<string> BlobFiles(string dataPath) =>
        [.. Directory.EnumerateFiles(Path.Combine(dataPath, "blobs"), "*", SearchOption.AllDirectories)];

    private static void Damage(string dataPath, DatabaseDamage damage)
    {
        var database = Path.Combine(dataPath, "depot.db");
        File.Delete(database + "-wal");
        File.Delete(database + "-shm");
        switch (damage)
        {
            case DatabaseDamage.Missing:
                File.Delete(database);
                break;
            case DatabaseDamage.Empty:
                File.WriteAllBytes(database, []);
                break;
            case DatabaseDamage.Garbage:
                File.WriteAllBytes(database, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);
                break;
        }
    }

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);
}
