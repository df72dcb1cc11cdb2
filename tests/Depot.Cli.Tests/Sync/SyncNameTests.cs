using System.Text.Json;
using Depot.Cli.Output;
using Depot.Cli.Tests.Flows;
using Depot.Testing;

namespace Depot.Cli.Tests.Sync;

/// <summary>
/// Names the way the server sees them (NFC, case ignored, case kept): a case-only rename on either side is a rename on
/// the other, and an NFD name (macOS) and its NFC twin on the server are one file, each side keeping its spelling.
/// The disk here is ext4 (case-sensitive), so two local names that differ only in case are a reported clash.
/// </summary>
public sealed class SyncNameTests(DepotServer server) : IClassFixture<DepotServer>
{
    private const string Nfc = "caf\u00e9";        // é, one code point, as Linux and Windows write it
    private const string Nfd = "cafe\u0301";       // e + combining acute, as macOS file systems hand it out

    [Fact]
    public async Task A_case_only_rename_on_either_side_is_one_rename_on_the_other()
    {
        var (web, username) = await CliUsers.SignUpAsync(server);
        using var _web = web;
        using var laptop = await SyncMachine.LoginAsync(server, username, "laptop");
        using var desktop = await SyncMachine.LoginAsync(server, username, "desktop");
        laptop.Write("Report.txt", "r0");
        laptop.Write("Docs/a.txt", "a0");
        laptop.Write("Docs/b.txt", "b0");
        await laptop.SyncAsync("/case").ShouldSucceedAsync();
        await desktop.SyncAsync("/case").ShouldSucceedAsync();

        // Renamed locally: a file and a folder, case only.
        File.Move(laptop.PathOf("Report.txt"), laptop.PathOf("report.txt"));
        Directory.Move(laptop.PathOf("Docs"), laptop.PathOf("docs"));
        var up = SyncEvents.Parse(await laptop.SyncAsync("/case", "--json").ShouldSucceedAsync());
        Assert.Equal(["Docs -> docs", "Report.txt -> report.txt"], up.Of("move-remote").Order(StringComparer.Ordinal));
        Assert.Equal(2, up.Actions.Count);
        Assert.Equal(["docs", "report.txt"], await NamesAsync(web, "/case"));

        var down = SyncEvents.Parse(await desktop.SyncAsync("/case", "--json").ShouldSucceedAsync());
        Assert.Equal(["Docs -> docs", "Report.txt -> report.txt"], down.Of("move-local").Order(StringComparer.Ordinal));
        Assert.Equal(2, down.Actions.Count);
        Assert.Equal(["docs/a.txt", "docs/b.txt", "report.txt"], desktop.Files().Keys);
        Assert.Equal(laptop.Files(), desktop.Files());

        // Renamed on the server: the laptop renames its file, nothing is transferred.
        await web.RunAsync("mv", "/case/report.txt", "/case/REPORT.txt").ShouldSucceedAsync();
        var pulled = SyncEvents.Parse(await laptop.SyncAsync("/case", "--json").ShouldSucceedAsync());
        Assert.Equal(["report.txt -> REPORT.txt"], pulled.Of("move-local"));
        Assert.Single(pulled.Actions);
        await desktop.SyncAsync("/case").ShouldSucceedAsync();
        Assert.Equal(["REPORT.txt", "docs/a.txt", "docs/b.txt"], laptop.Files().Keys);
        Assert.Equal(laptop.Files(), desktop.Files());
        Assert.True(SyncEvents.Parse(await laptop.SyncAsync("/case", "--json").ShouldSucceedAsync()).Idle);
        Assert.True(SyncEvents.Parse(await desktop.SyncAsync("/case", "--json").ShouldSucceedAsync()).Idle);

        // A folder renamed (case only) on one side while a file in it is edited on the other and one is added on the
        // server: the transfers go first, into the folder whatever its spelling; the rename follows; nothing is lost.
        Directory.Move(laptop.PathOf("docs"), laptop.PathOf("DOCS"));
        desktop.Write("docs/a.txt", "a1-desktop");
        var added = Path.Combine(web.WorkingDirectory, "new.txt");
        await File.WriteAllTextAsync(added, "n-web");
        await web.RunAsync("put", added, "/case/docs/new.txt").ShouldSucceedAsync();
        for (var round = 0; round < 3; round++)
        {
            await laptop.SyncAsync("/case").ShouldSucceedAsync();
            await desktop.SyncAsync("/case").ShouldSucceedAsync();
        }

        Assert.Equal(["DOCS/a.txt", "DOCS/b.txt", "DOCS/new.txt", "REPORT.txt"], laptop.Files().Keys);
        Assert.Equal(laptop.Files(), desktop.Files());
        Assert.Equal("a1-desktop", laptop.Read("DOCS/a.txt"));
        Assert.Equal(["DOCS", "REPORT.txt"], await NamesAsync(web, "/case"));

        // A case-sensitive disk can hold two names the server takes for one: the second (ordinal order) is reported.
        laptop.Write("Clash.txt", "upper");
        laptop.Write("clash.txt", "lower");
        var clash = await laptop.SyncAsync("/case").ShouldFailWithAsync(ExitCodes.Error);
        Assert.Contains("clash.txt: the server takes it for Clash.txt", clash.Error);
        Assert.Equal("upper", await CatAsync(web, "/case/Clash.txt"));
        Assert.Equal("upper", await CatAsync(web, "/case/clash.txt"));   // one file on the server, either spelling
        Assert.Equal("lower", laptop.Read("clash.txt"));                  // left alone, never overwritten
    }

    [Fact]
    public async Task An_NFD_name_and_its_NFC_twin_on_the_server_are_one_file_and_each_side_keeps_its_spelling()
    {
        var (web, username) = await CliUsers.SignUpAsync(server);
        using var _web = web;
        using var mac = await SyncMachine.LoginAsync(server, username, "mac");
        using var linux = await SyncMachine.LoginAsync(server, username, "linux");
        using var tablet = await SyncMachine.LoginAsync(server, username, "tablet");
        mac.Write($"{Nfd}.txt", "c0");
        mac.Write($"{Nfd}/menu.txt", "m0");
        await mac.SyncAsync("/nf").ShouldSucceedAsync();
        Assert.Equal([Nfc, $"{Nfc}.txt"], await NamesAsync(web, "/nf"));   // the server stores NFC

        // No ping-pong: the NFD names are the server's NFC names, pass after pass.
        Assert.True(SyncEvents.Parse(await mac.SyncAsync("/nf", "--json").ShouldSucceedAsync()).Idle);
        Assert.True(SyncEvents.Parse(await mac.SyncAsync("/nf", "--json").ShouldSucceedAsync()).Idle);

        // Another machine gets NFC names; its edits land in the mac's NFD-named files, and the reverse.
        await linux.SyncAsync("/nf").ShouldSucceedAsync();
        Assert.Equal([$"{Nfc}.txt", $"{Nfc}/menu.txt"], linux.Files().Keys);
        linux.Write($"{Nfc}.txt", "c1-linux");
        mac.Write($"{Nfd}/menu.txt", "m1-mac");
        await linux.SyncAsync("/nf").ShouldSucceedAsync();
        await mac.SyncAsync("/nf").ShouldSucceedAsync();
        await linux.SyncAsync("/nf").ShouldSucceedAsync();
        Assert.Equal(new SortedDictionary<string, string>(StringComparer.Ordinal) { [$"{Nfd}.txt"] = "c1-linux", [$"{Nfd}/menu.txt"] = "m1-mac" }, mac.Files());
        Assert.Equal(new SortedDictionary<string, string>(StringComparer.Ordinal) { [$"{Nfc}.txt"] = "c1-linux", [$"{Nfc}/menu.txt"] = "m1-mac" }, linux.Files());
        Assert.Equal([Nfc, $"{Nfc}.txt"], await NamesAsync(web, "/nf"));

        // A first sync over files already there in the other form pairs them: no duplicate, no conflict, no transfer.
        tablet.Write($"{Nfd}.txt", "c1-linux");
        tablet.Write($"{Nfd}/menu.txt", "m1-mac");
        var first = SyncEvents.Parse(await tablet.SyncAsync("/nf", "--json").ShouldSucceedAsync());
        Assert.True(first.Idle, string.Join(", ", first.Actions));
        Assert.Equal([$"{Nfd}.txt", $"{Nfd}/menu.txt"], tablet.Files().Keys);
        Assert.True(SyncEvents.Parse(await tablet.SyncAsync("/nf", "--json").ShouldSucceedAsync()).Idle);
        Assert.Equal([Nfc, $"{Nfc}.txt"], await NamesAsync(web, "/nf"));

        // Every version anyone wrote exists on the server (as the file or as an older version).
        foreach (var (path, texts) in new[] { ($"/nf/{Nfc}.txt", new[] { "c0", "c1-linux" }), ($"/nf/{Nfc}/menu.txt", ["m0", "m1-mac"]) })
        {
            var versions = JsonSerializer.Deserialize((await web.RunAsync("versions", "ls", path, "--json").ShouldSucceedAsync()).Out,
                CliJsonContext.Default.IReadOnlyListVersionInfo)!;
            Assert.Equal(texts.Length, versions.Count);
        }
    }

    internal static async Task<List<string>> NamesAsync(CliRunner cli, string folder) =>
        [.. JsonSerializer.Deserialize((await cli.RunAsync("ls", folder, "--json").ShouldSucceedAsync()).Out, CliJsonContext.Default.IReadOnlyListNodeInfo)!
            .Select(n => n.Name).Order(StringComparer.Ordinal)];

    internal static async Task<string> CatAsync(CliRunner cli, string path) =>
        System.Text.Encoding.UTF8.GetString((await cli.RunAsync("cat", path).ShouldSucceedAsync()).Bytes);
}
