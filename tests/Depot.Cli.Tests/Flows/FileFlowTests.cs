using System.Text.Json;
using Depot.Cli.Output;
using Depot.Protocol.Files;
using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary>The whole CLI flow against a real server: every file verb, content compared byte for byte.</summary>
public sealed class FileFlowTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task A_user_puts_lists_gets_moves_copies_removes_restores_and_rolls_back_files()
    {
        using var cli = await SignUpAsync();
        var work = cli.WorkingDirectory;

        // mkdir
        await cli.RunAsync("mkdir", "-p", "/docs/deep/er").ShouldSucceedAsync();
        await cli.RunAsync("mkdir", "-p", "/docs").ShouldSucceedAsync();
        await cli.RunAsync("mkdir", "/docs").ShouldFailWithAsync(ExitCodes.Conflict);

        // put: one file into a folder, then a whole tree
        var single = WriteRandom(Path.Combine(work, "single.bin"), 300_000);
        var put = await cli.RunAsync("put", single, "/docs", "--json").ShouldSucceedAsync();
        Assert.Equal("/docs/single.bin", JsonSerializer.Deserialize(put.Out, CliJsonContext.Default.IReadOnlyListTransfer)!.Single().Remote);
        var tree = CreateTree(Path.Combine(work, "tree"));
        var putTree = await cli.RunAsync("put", tree, "/", "-j", "3").ShouldSucceedAsync();
        Assert.Contains("/tree/nested/deeper/résumé #1.bin", putTree.Out);

        // ls, plain and JSON
        var root = await cli.RunAsync("ls").ShouldSucceedAsync();
        Assert.Contains("docs/", root.Out);
        Assert.Contains("tree/", root.Out);
        var listing = Nodes(await cli.RunAsync("ls", "/tree", "--json").ShouldSucceedAsync());
        Assert.Equal(["empty", "nested", "top.bin", "zero.bin"], listing.Select(n => n.Name).Order(StringComparer.Ordinal));
        Assert.Equal(NodeKinds.Folder, listing.Single(n => n.Name == "nested").Kind);
        Assert.Equal(new FileInfo(Path.Combine(tree, "top.bin")).Length, listing.Single(n => n.Name == "top.bin").Size);
        var longListing = await cli.RunAsync("ls", "-l", "/docs").ShouldSucceedAsync();
        Assert.Contains("single.bin", longListing.Out);
        Assert.Single(Nodes(await cli.RunAsync("ls", "/docs/single.bin", "--json").ShouldSucceedAsync()));

        // get: the file and the tree, byte for byte, and no part files left behind
        await cli.RunAsync("get", "/docs/single.bin", Path.Combine(work, "single.copy")).ShouldSucceedAsync();
        AssertSameBytes(single, Path.Combine(work, "single.copy"));
        var download = Path.Combine(work, "download");
        Directory.CreateDirectory(download);
        await cli.RunAsync("get", "/tree", download, "-j", "2").ShouldSucceedAsync();
        AssertSameTree(tree, Path.Combine(download, "tree"));
        await cli.RunAsync("get", "/nope", download).ShouldFailWithAsync(ExitCodes.NotFound);

        // mv and cp
        await cli.RunAsync("mv", "/docs/single.bin", "/docs/moved.bin").ShouldSucceedAsync();
        await cli.RunAsync("cp", "/docs/moved.bin", "/docs/deep").ShouldSucceedAsync();
        var docs = Nodes(await cli.RunAsync("ls", "/docs", "--json").ShouldSucceedAsync()).Select(n => n.Name).ToList();
        Assert.Contains("moved.bin", docs);
        Assert.DoesNotContain("single.bin", docs);
        await cli.RunAsync("get", "/docs/deep/moved.bin", Path.Combine(work, "copied.bin")).ShouldSucceedAsync();
        AssertSameBytes(single, Path.Combine(work, "copied.bin"));
        await cli.RunAsync("mv", "/docs/nope.bin", "/docs/x.bin").ShouldFailWithAsync(ExitCodes.NotFound);

        // rm, trash ls, restore
        await cli.RunAsync("rm", "/tree").ShouldFailWithAsync(ExitCodes.Error);
        await cli.RunAsync("rm", "-r", "/tree").ShouldSucceedAsync();
        Assert.DoesNotContain(Nodes(await cli.RunAsync("ls", "/", "--json").ShouldSucceedAsync()), n => n.Name == "tree");
        var trash = JsonSerializer.Deserialize((await cli.RunAsync("trash", "ls", "--json").ShouldSucceedAsync()).Out,
            CliJsonContext.Default.IReadOnlyListTrashItem)!;
        var trashed = trash.Single(t => t.OriginalPath == "/tree");
        await cli.RunAsync("trash", "restore", trashed.Id).ShouldSucceedAsync();
        var again = Path.Combine(work, "again");
        await cli.RunAsync("get", "/tree", again).ShouldSucceedAsync();
        AssertSameTree(tree, again);

        // versions: upload twice, list, fetch and restore the first
        var first = WriteRandom(Path.Combine(work, "v1.bin"), 70_000);
        var second = WriteRandom(Path.Combine(work, "v2.bin"), 50_000);
        await cli.RunAsync("put", first, "/docs/report.bin").ShouldSucceedAsync();
        await cli.RunAsync("put", second, "/docs/report.bin").ShouldSucceedAsync();
        var versions = JsonSerializer.Deserialize((await cli.RunAsync("versions", "ls", "/docs/report.bin", "--json").ShouldSucceedAsync()).Out,
            CliJsonContext.Default.IReadOnlyListVersionInfo)!;
        Assert.True(versions.Count >= 2);
        Assert.True(versions[0].Current);
        var oldest = versions[^1];
        await cli.RunAsync("versions", "get", "/docs/report.bin", oldest.Id, Path.Combine(work, "old.bin")).ShouldSucceedAsync();
        AssertSameBytes(first, Path.Combine(work, "old.bin"));
        await cli.RunAsync("versions", "restore", "/docs/report.bin", oldest.Id).ShouldSucceedAsync();
        await cli.RunAsync("get", "/docs/report.bin", Path.Combine(work, "restored.bin")).ShouldSucceedAsync();
        AssertSameBytes(first, Path.Combine(work, "restored.bin"));

        // whoami, logout
        Assert.Contains("using", (await cli.RunAsync("whoami").ShouldSucceedAsync()).Out);
        await cli.RunAsync("logout").ShouldSucceedAsync();
        await cli.RunAsync("ls").ShouldFailWithAsync(ExitCodes.Auth);
        Assert.Empty(Directory.EnumerateFiles(work, "*.depot-part", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Put_keeps_the_local_modified_time_and_content_type_and_get_writes_the_time_back()
    {
        using var cli = await SignUpAsync();
        var work = cli.WorkingDirectory;
        var at = new DateTime(2019, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        var small = Path.Combine(work, "notes.txt");
        File.WriteAllText(small, "small, by PUT");
        File.SetLastWriteTimeUtc(small, at);
        var big = WriteRandom(Path.Combine(work, "big.pdf"), 1_500_000);
        File.SetLastWriteTimeUtc(big, at.AddDays(1));

        await cli.RunAsync("put", small, "/").ShouldSucceedAsync();
        // Above --resumable-above the file goes by tus: the time travels with the creation request.
        await cli.RunAsync("put", big, "/", "--resumable-above", "1M").ShouldSucceedAsync();
        var listed = Nodes(await cli.RunAsync("ls", "/", "--json").ShouldSucceedAsync());
        Assert.Equal(new DateTimeOffset(at), listed.Single(n => n.Name == "notes.txt").ModifiedAt);
        Assert.Equal("text/plain", listed.Single(n => n.Name == "notes.txt").ContentType);
        Assert.Equal(new DateTimeOffset(at.AddDays(1)), listed.Single(n => n.Name == "big.pdf").ModifiedAt);
        Assert.Equal("application/pdf", listed.Single(n => n.Name == "big.pdf").ContentType);

        var down = Path.Combine(work, "down");
        Directory.CreateDirectory(down);
        await cli.RunAsync("get", "/notes.txt", Path.Combine(down, "notes.txt")).ShouldSucceedAsync();
        await cli.RunAsync("get", "/big.pdf", Path.Combine(down, "big.pdf")).ShouldSucceedAsync();
        Assert.Equal(at, File.GetLastWriteTimeUtc(Path.Combine(down, "notes.txt")));
        Assert.Equal(at.AddDays(1), File.GetLastWriteTimeUtc(Path.Combine(down, "big.pdf")));
    }

    [Fact]
    public async Task Ls_shows_folders_first_then_names_in_natural_order()
    {
        using var cli = await SignUpAsync();
        foreach (var name in new[] { "data-110.txt", "data-20.txt", "Data-3.txt", "alpha.txt" })
        {
            File.WriteAllText(Path.Combine(cli.WorkingDirectory, name), name);
            await cli.RunAsync("put", Path.Combine(cli.WorkingDirectory, name), "/sorted/").ShouldSucceedAsync();
        }

        await cli.RunAsync("mkdir", "/sorted/zeta").ShouldSucceedAsync();
        await cli.RunAsync("mkdir", "/sorted/beta-10").ShouldSucceedAsync();
        await cli.RunAsync("mkdir", "/sorted/beta-9").ShouldSucceedAsync();

        string[] expected = ["beta-9/", "beta-10/", "zeta/", "alpha.txt", "Data-3.txt", "data-20.txt", "data-110.txt"];
        var plain = await cli.RunAsync("ls", "/sorted").ShouldSucceedAsync();
        Assert.Equal(expected, plain.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var json = Nodes(await cli.RunAsync("ls", "/sorted", "--json").ShouldSucceedAsync());
        Assert.Equal(expected.Select(e => e.TrimEnd('/')), json.Select(n => n.Name));
    }

    [Fact]
    public async Task Cat_and_get_to_a_dash_write_the_files_bytes_unchanged_to_standard_output_and_refuse_a_folder()
    {
        using var cli = await SignUpAsync();
        var bytes = new byte[300_000];
        new Random(3).NextBytes(bytes);   // not text: any re-encoding on the way would show
        var local = Path.Combine(cli.WorkingDirectory, "blob.bin");
        File.WriteAllBytes(local, bytes);
        await cli.RunAsync("put", local, "/piped/blob.bin").ShouldSucceedAsync();

        var cat = await cli.RunAsync("cat", "/piped/blob.bin").ShouldSucceedAsync();
        var dash = await cli.RunAsync("get", "/piped/blob.bin", "-").ShouldSucceedAsync();

        Assert.Equal(bytes, cat.Bytes);
        Assert.Equal(bytes, dash.Bytes);
        Assert.Equal("", cat.Out);
        Assert.False(File.Exists(Path.Combine(cli.WorkingDirectory, "-")));
        var folder = await cli.RunAsync("cat", "/piped");
        folder.ShouldFailWith(ExitCodes.Usage);
        Assert.Empty(folder.Bytes);
        Assert.Contains("is a folder", folder.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Putting_over_quota_fails_with_the_quota_exit_code()
    {
        using var cli = await SignUpAsync(quota: "64KiB");
        var big = WriteRandom(Path.Combine(cli.WorkingDirectory, "big.bin"), 200_000);

        await cli.RunAsync("put", big, "/").ShouldFailWithAsync(ExitCodes.Quota);
    }

    [Fact]
    public async Task An_interrupted_download_resumes_from_its_part_file_and_a_corrupt_part_is_discarded()
    {
        using var cli = await SignUpAsync();
        var original = WriteRandom(Path.Combine(cli.WorkingDirectory, "big.bin"), 400_000);
        await cli.RunAsync("put", original, "/big.bin").ShouldSucceedAsync();
        var node = Nodes(await cli.RunAsync("ls", "/big.bin", "--json").ShouldSucceedAsync()).Single();
        var target = Path.Combine(cli.WorkingDirectory, "out", "big.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(node.Sha256!)))[..12];
        var part = Path.Combine(Path.GetDirectoryName(target)!, $".big.bin.{key}.depot-part");

        // As if a download had been interrupted after 150,000 correct bytes.
        File.WriteAllBytes(part, File.ReadAllBytes(original)[..150_000]);
        await cli.RunAsync("get", "/big.bin", target).ShouldSucceedAsync();
        AssertSameBytes(original, target);
        Assert.False(File.Exists(part));

        // A part file holding wrong bytes must never become the file.
        File.Delete(target);
        File.WriteAllBytes(part, new byte[150_000]);
        await cli.RunAsync("get", "/big.bin", target).ShouldFailWithAsync(ExitCodes.Error);
        Assert.False(File.Exists(target));
        await cli.RunAsync("get", "/big.bin", target).ShouldSucceedAsync();
        AssertSameBytes(original, target);
    }

    private async Task<CliRunner> SignUpAsync(string? quota = null)
    {
        using var admin = new CliRunner().With("DEPOT_PASSWORD", DepotServer.AdminPassword);
        await admin.RunAsync("login", server.Address.AbsoluteUri, "-u", "admin").ShouldSucceedAsync();
        var username = "files" + Guid.NewGuid().ToString("N")[..10];
        string[] create = quota is null ? ["users", "create", username] : ["users", "create", username, "--quota", quota];
        await admin.With("DEPOT_NEW_PASSWORD", "user-password-123").RunAsync(create).ShouldSucceedAsync();

        var cli = new CliRunner().With("DEPOT_PASSWORD", "user-password-123");
        await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", username).ShouldSucceedAsync();
        return cli;
    }

    private static IReadOnlyList<NodeInfo> Nodes(CliResult result) =>
        JsonSerializer.Deserialize(result.Out, CliJsonContext.Default.IReadOnlyListNodeInfo)!;

    private static string WriteRandom(string path, int size)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string CreateTree(string root)
    {
        WriteRandom(Path.Combine(root, "top.bin"), 150_000);
        WriteRandom(Path.Combine(root, "zero.bin"), 0);
        WriteRandom(Path.Combine(root, "nested", "a.bin"), 1_000_000);
        WriteRandom(Path.Combine(root, "nested", "b.bin"), 10);
        WriteRandom(Path.Combine(root, "nested", "deeper", "résumé #1.bin"), 4_096);
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        return root;
    }

    private static void AssertSameBytes(string expected, string actual) =>
        Assert.True(File.ReadAllBytes(expected).AsSpan().SequenceEqual(File.ReadAllBytes(actual)), $"{actual} differs from {expected}");

    private static void AssertSameTree(string expected, string actual)
    {
        static IEnumerable<string> Entries(string root) =>
            Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal);

        Assert.Equal(Entries(expected), Entries(actual));
        foreach (var file in Directory.EnumerateFiles(expected, "*", SearchOption.AllDirectories))
        {
            AssertSameBytes(file, Path.Combine(actual, Path.GetRelativePath(expected, file)));
        }
    }
}
