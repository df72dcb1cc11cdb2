using Depot.Cli.Commands;
using Depot.Cli.Tests.Flows;
using Depot.Testing;

namespace Depot.Cli.Tests.Sync;

/// <summary>One "machine" in a sync test: its own CLI config (so its own sync state), host name and local folder.</summary>
internal sealed class SyncMachine : IDisposable
{
    private SyncMachine(CliRunner cli, string folder)
    {
        Cli = cli;
        Folder = folder;
    }

    public CliRunner Cli { get; }

    public string Folder { get; }

    public static async Task<SyncMachine> LoginAsync(DepotServer server, string username, string host)
    {
        var cli = new CliRunner().With("DEPOT_PASSWORD", CliUsers.Password).With(SyncCommand.HostVariable, host);
        await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", username).ShouldSucceedAsync();
        var folder = Path.Combine(cli.WorkingDirectory, host);
        Directory.CreateDirectory(folder);
        return new SyncMachine(cli, folder);
    }

    public Task<CliResult> SyncAsync(string remote, params string[] more) => Cli.RunAsync(["sync", Folder, remote, .. more]);

    public string PathOf(string relative) => Path.Combine(Folder, relative.Replace('/', Path.DirectorySeparatorChar));

    public void Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Every file under the folder (relative '/'-path → text), ignored ones included.</summary>
    public SortedDictionary<string, string> Files() =>
        new(Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Folder, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText), StringComparer.Ordinal);

    public SortedSet<string> Folders() =>
        new(Directory.EnumerateDirectories(Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace(Path.DirectorySeparatorChar, '/')), StringComparer.Ordinal);

    public void Dispose() => Cli.Dispose();
}
