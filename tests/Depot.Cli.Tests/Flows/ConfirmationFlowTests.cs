using System.Text.Json;
using Depot.Cli.Output;
using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary>Verbs that destroy data with no trash behind them ask at a terminal, refuse without one, and obey --yes.</summary>
public sealed class ConfirmationFlowTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Trash_empty_and_purge_refuse_without_a_terminal_ask_at_one_and_obey_yes()
    {
        var (cli, _) = await CliUsers.SignUpAsync(server);
        using var _cli = cli;
        await TrashOneAsync(cli, "a.txt");

        var refused = await cli.RunAsync("trash", "empty").ShouldFailWithAsync(ExitCodes.Usage);
        Assert.Contains("--yes", refused.Error);
        Assert.Single(await TrashAsync(cli));

        cli.Interactive = true;
        var declined = await cli.RunWithInputAsync("n\n", "trash", "empty").ShouldFailWithAsync(ExitCodes.Error);
        Assert.Contains("[y/N]", declined.Error);
        Assert.Single(await TrashAsync(cli));
        await cli.RunWithInputAsync("\n", "trash", "empty").ShouldFailWithAsync(ExitCodes.Error);
        Assert.Single(await TrashAsync(cli));
        await cli.RunWithInputAsync("y\n", "trash", "empty").ShouldSucceedAsync();
        Assert.Empty(await TrashAsync(cli));

        cli.Interactive = false;
        await TrashOneAsync(cli, "b.txt");
        var id = (await TrashAsync(cli)).Single().Id;
        await cli.RunAsync("trash", "purge", id).ShouldFailWithAsync(ExitCodes.Usage);
        Assert.Single(await TrashAsync(cli));
        await cli.RunAsync("trash", "purge", id, "-f").ShouldSucceedAsync();
        await TrashOneAsync(cli, "c.txt");
        await cli.RunAsync("trash", "empty", "--yes").ShouldSucceedAsync();
        Assert.Empty(await TrashAsync(cli));
    }

    [Fact]
    public async Task Users_delete_refuses_without_a_terminal_and_deletes_with_yes()
    {
        var (alice, username) = await CliUsers.SignUpAsync(server);
        using var _alice = alice;
        using var admin = await CliUsers.AdminAsync(server);

        var refused = await admin.RunAsync("users", "delete", username).ShouldFailWithAsync(ExitCodes.Usage);
        Assert.Contains(username, refused.Error);
        await alice.RunAsync("whoami").ShouldSucceedAsync();

        await admin.RunAsync("users", "delete", username, "-y").ShouldSucceedAsync();
        await alice.RunAsync("whoami").ShouldFailWithAsync(ExitCodes.Auth);
    }

    [Fact]
    public async Task Get_over_a_local_edit_asks_but_over_an_identical_file_does_not()
    {
        var (cli, _) = await CliUsers.SignUpAsync(server);
        using var _cli = cli;
        var local = Path.Combine(cli.WorkingDirectory, "notes.txt");
        await File.WriteAllTextAsync(local, "server copy");
        await cli.RunAsync("put", local, "/notes.txt").ShouldSucceedAsync();

        // Identical content: nothing would be lost, so no question.
        await cli.RunAsync("get", "/notes.txt", local).ShouldSucceedAsync();

        await File.WriteAllTextAsync(local, "local edit!");
        var refused = await cli.RunAsync("get", "/notes.txt", local).ShouldFailWithAsync(ExitCodes.Usage);
        Assert.Contains("notes.txt", refused.Error);
        Assert.Equal("local edit!", await File.ReadAllTextAsync(local));
        var folder = await cli.RunAsync("get", "/notes.txt", cli.WorkingDirectory).ShouldFailWithAsync(ExitCodes.Usage);
        Assert.Contains("1 local file", folder.Error);

        cli.Interactive = true;
        await cli.RunWithInputAsync("no\n", "get", "/notes.txt", local).ShouldFailWithAsync(ExitCodes.Error);
        Assert.Equal("local edit!", await File.ReadAllTextAsync(local));
        await cli.RunWithInputAsync("yes\n", "get", "/notes.txt", local).ShouldSucceedAsync();
        Assert.Equal("server copy", await File.ReadAllTextAsync(local));

        cli.Interactive = false;
        await File.WriteAllTextAsync(local, "another edit");
        await cli.RunAsync("get", "/notes.txt", local, "--yes").ShouldSucceedAsync();
        Assert.Equal("server copy", await File.ReadAllTextAsync(local));
    }

    private static async Task TrashOneAsync(CliRunner cli, string name)
    {
        var local = Path.Combine(cli.WorkingDirectory, name);
        await File.WriteAllTextAsync(local, name);
        await cli.RunAsync("put", local, "/" + name).ShouldSucceedAsync();
        await cli.RunAsync("rm", "/" + name).ShouldSucceedAsync();
    }

    private static async Task<IReadOnlyList<Depot.Protocol.Files.TrashItem>> TrashAsync(CliRunner cli) =>
        JsonSerializer.Deserialize((await cli.RunAsync("trash", "ls", "--json").ShouldSucceedAsync()).Out, CliJsonContext.Default.IReadOnlyListTrashItem)!;
}
