using System.Text.Json;
using Depot.Cli.Output;
using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary><c>put --skip-unchanged</c>: putting a folder again over its copy sends only what changed, and never nests.</summary>
public sealed class PutSkipUnchangedTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Put_again_over_the_same_folder_skips_unchanged_files_and_sends_same_size_edits()
    {
        var (cli, _) = await CliUsers.SignUpAsync(server);
        using var _cli = cli;
        var photos = Path.Combine(cli.WorkingDirectory, "photos");
        Write(Path.Combine(photos, "a.jpg"), "aaaa");
        Write(Path.Combine(photos, "b.jpg"), "bbbb");
        Write(Path.Combine(photos, "trip", "c.jpg"), "cccc");
        await cli.RunAsync("put", photos, "/").ShouldSucceedAsync();

        var again = await cli.RunAsync("put", photos, "/photos", "--skip-unchanged").ShouldSucceedAsync();
        Assert.Contains("0 file(s)", again.Out);
        Assert.Contains("3 unchanged file(s) skipped", again.Out);
        await cli.RunAsync("ls", "/photos/photos").ShouldFailWithAsync(ExitCodes.NotFound);

        // An edit that keeps the size and the modification time: only the content tells.
        var b = Path.Combine(photos, "b.jpg");
        var time = File.GetLastWriteTimeUtc(b);
        Write(b, "BBBB");
        File.SetLastWriteTimeUtc(b, time);
        var byMtime = await cli.RunAsync("put", photos, "/photos", "--skip-unchanged", "--compare", "mtime").ShouldSucceedAsync();
        Assert.Contains("3 unchanged file(s) skipped", byMtime.Out);

        var bySha = await cli.RunAsync("put", photos, "/photos", "--skip-unchanged", "--json").ShouldSucceedAsync();
        var sent = JsonSerializer.Deserialize(bySha.Out, CliJsonContext.Default.IReadOnlyListTransfer)!;
        Assert.Equal("/photos/b.jpg", Assert.Single(sent).Remote);
        Assert.Equal("BBBB", Text(await cli.RunAsync("cat", "/photos/b.jpg").ShouldSucceedAsync()));

        // A new file and a size change go; the rest stays.
        Write(Path.Combine(photos, "trip", "d.jpg"), "dd");
        Write(Path.Combine(photos, "a.jpg"), "aaaaaa");
        var mixed = await cli.RunAsync("put", photos, "/photos", "--skip-unchanged").ShouldSucceedAsync();
        Assert.Contains("2 file(s)", mixed.Out);
        Assert.Contains("2 unchanged file(s) skipped", mixed.Out);
        Assert.Equal("aaaaaa", Text(await cli.RunAsync("cat", "/photos/a.jpg").ShouldSucceedAsync()));
        Assert.Equal("dd", Text(await cli.RunAsync("cat", "/photos/trip/d.jpg").ShouldSucceedAsync()));
    }

    [Fact]
    public async Task Compare_takes_only_sha256_or_mtime()
    {
        var (cli, _) = await CliUsers.SignUpAsync(server);
        using var _cli = cli;
        await cli.RunAsync("put", ".", "/x", "--skip-unchanged", "--compare", "md5").ShouldFailWithAsync(ExitCodes.Usage);
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Text(CliResult result) => System.Text.Encoding.UTF8.GetString(result.Bytes);
}
