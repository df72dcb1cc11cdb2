using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Dav;

/// <summary>
/// rclone (Debian's 1.60) as a real WebDAV client: a tree goes up and comes back byte-identical, <c>rclone check</c>
/// finds no differences, and a second <c>rclone sync</c> transfers nothing, for the plain ("other") vendor (sizes)
/// and the ownCloud vendor (sizes and modified times, kept through X-OC-Mtime).
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
