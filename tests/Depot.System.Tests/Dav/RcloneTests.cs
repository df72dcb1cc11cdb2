using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Dav;

/// <summary>
/// rclone (Debian's 1.60) as a real WebDAV client: a tree goes up and comes back byte-identical, <c>rclone check</c>
/// finds no differences, and a second <c>rclone sync</c> transfers nothing, for the plain ("other") vendor (sizes)
/// and the ownCloud vendor (sizes and modified times, kept through X-OC-Mtime). With vendor owncloud (what
/// docs/webdav.md recommends) and nextcloud, rclone also sees SHA-1/MD5 (oc:checksums): an edit that keeps the size
/// is synced, and <c>rclone check</c> compares hashes (issue 14).
/// </summary>
public sealed class RcloneTests(DepotServer server, ITestOutputHelper log) : IClassFixture<DepotServer>, IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("depot-rclone-");

    [Theory]
    [InlineData("other")]
    [InlineData("owncloud")]
    public async Task Copy_up_and_down_check_and_a_second_sync_transfers_nothing(string vendor)
    {
        var user = await server.CreateUserAsync();
        var local = MakeTree(Path.Combine(_work.FullName, vendor + "-src"));
        var (_, obscured) = await RcloneAsync("obscure", user.Password);
        var remote = $":webdav,url='{server.Address}dav/',vendor={vendor},user={user.Username},pass={obscured.Trim()}:tree";

        await RcloneOkAsync("copy", local, remote);
        var (_, check) = await RcloneOkAsync("check", local, remote);
        Assert.Contains("0 differences found", check);

        var down = Path.Combine(_work.FullName, vendor + "-down");
        await RcloneOkAsync("copy", remote, down);
        foreach (var file in Directory.EnumerateFiles(local, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(down, Path.GetRelativePath(local, file))));
        }

        // A change is transferred (so the next assertion is not vacuous), then a repeat transfers nothing.
        await File.WriteAllTextAsync(Path.Combine(local, "a.txt"), "changed, and longer than before");
        var (_, first) = await RcloneOkAsync("sync", "-v", local, remote);
        Assert.Contains("a.txt: Copied", first);
        var (_, second) = await RcloneOkAsync("sync", "-v", local, remote);
        Assert.DoesNotContain("Copied", second);
        Assert.DoesNotContain("Deleted", second);
    }

    [Theory]
    [InlineData("owncloud")]
    [InlineData("nextcloud")]
    public async Task Edits_that_keep_the_size_are_synced_and_check_compares_hashes(string vendor)
    {
        var user = await server.CreateUserAsync();
        var local = MakeTree(Path.Combine(_work.FullName, vendor + "-edits"));
        var (_, obscured) = await RcloneAsync("obscure", user.Password);
        var remote = $":webdav,url='{server.Address}dav/',vendor={vendor},user={user.Username},pass={obscured.Trim()}:synced";

        await RcloneOkAsync("sync", local, remote);
        // rclone lsl shows the local times (seconds: X-OC-Mtime carries whole seconds).
        var (_, listing) = await RcloneOkAsync("lsl", remote);
        foreach (var file in Directory.EnumerateFiles(local, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(local, file).Replace('\\', '/');
            Assert.Contains($"{File.GetLastWriteTimeUtc(file):yyyy-MM-dd HH:mm:ss}.000000000 {relative}", listing);
        }

        // Three edits that keep each file's size, as an editor saving a fixed-width change would.
        string[] edited = ["a.txt", "sub/blob.bin", "sub/deeper/ünïcødé & spaces.txt"];
        var at = new DateTime(2024, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        foreach (var name in edited)
        {
            var path = Path.Combine(local, name);
            var bytes = File.ReadAllBytes(path);
            bytes[0] ^= 0x20;
            bytes[^1] ^= 0x01;
            File.WriteAllBytes(path, bytes);
            File.SetLastWriteTimeUtc(path, at = at.AddMinutes(3));
        }

        var (_, sync) = await RcloneOkAsync("sync", "-v", local, remote);
        foreach (var name in edited)
        {
            Assert.Contains($"{name}: Copied", sync);
        }

        Assert.Equal(edited.Length, sync.Split('\n').Count(l => l.Contains(": Copied", StringComparison.Ordinal)));
        var (_, check) = await RcloneOkAsync("check", local, remote);
        Assert.Contains("0 differences found", check);
        Assert.DoesNotContain("hashes could not be checked", check);
        Assert.Contains($"{Directory.EnumerateFiles(local, "*", SearchOption.AllDirectories).Count()} matching files", check);

        // The edits are on the server, byte for byte.
        foreach (var name in edited)
        {
            using var get = await user.Http.GetAsync("/api/v1/files/synced/" + string.Join('/', name.Split('/').Select(Uri.EscapeDataString)));
            Assert.Equal(File.ReadAllBytes(Path.Combine(local, name)), await get.Content.ReadAsByteArrayAsync());
        }

        // Not vacuous: a change that keeps size and time is invisible to sync, but check's hashes see it.
        var sneaky = Path.Combine(local, "a.txt");
        var time = File.GetLastWriteTimeUtc(sneaky);
        var content = File.ReadAllBytes(sneaky);
        content[1] ^= 0x20;
        File.WriteAllBytes(sneaky, content);
        File.SetLastWriteTimeUtc(sneaky, time);
        var (code, differs) = await RcloneAsync("check", local, remote);
        Assert.NotEqual(0, code);
        Assert.Contains("1 differences found", differs);
    }

    private static string MakeTree(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "sub", "deeper"));
        File.WriteAllText(Path.Combine(root, "a.txt"), "hello");
        File.WriteAllBytes(Path.Combine(root, "sub", "blob.bin"), [.. Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31))]);
        File.WriteAllText(Path.Combine(root, "sub", "deeper", "ünïcødé & spaces.txt"), "names");
        File.WriteAllText(Path.Combine(root, "._a.txt"), "resource fork");
        File.WriteAllText(Path.Combine(root, "empty"), "");
        // Times in the past, distinct per file: the ownCloud vendor compares them, so they must survive the upload.
        var at = new DateTime(2020, 5, 17, 8, 30, 0, DateTimeKind.Utc);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, at = at.AddHours(7));
        }

        return root;
    }

    private Task<(int, string)> RcloneAsync(params string[] arguments) =>
        ExternalTool.RunAsync(log, "rclone", [.. arguments, "--config", Path.Combine(_work.FullName, "none.conf")], TimeSpan.FromMinutes(2));

    private async Task<(int, string)> RcloneOkAsync(params string[] arguments)
    {
        var result = await RcloneAsync(arguments);
        Assert.True(result.Item1 == 0, $"rclone {arguments[0]} exited {result.Item1}");
        return result;
    }

    public void Dispose() => _work.Delete(recursive: true);
}
