using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Dav;

/// <summary>cadaver (the command-line WebDAV client) drives a scripted session; credentials come from ~/.netrc.</summary>
public sealed class CadaverTests(DepotServer server, ITestOutputHelper log) : IClassFixture<DepotServer>, IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("depot-cadaver-");

    [Fact]
    public async Task A_scripted_session_succeeds_step_by_step()
    {
        var user = await server.CreateUserAsync();
        var netrc = Path.Combine(_home.FullName, ".netrc");
        await File.WriteAllTextAsync(netrc, $"machine {server.Address.Host}\nlogin {user.Username}\npassword {user.Password}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(netrc, UnixFileMode.UserRead | UnixFileMode.UserWrite);   // neon ignores a readable .netrc
        }
        var upload = Path.Combine(_home.FullName, "up.txt");
        var download = Path.Combine(_home.FullName, "down.txt");
        await File.WriteAllTextAsync(upload, "written by cadaver\n");

        var script = string.Join('\n',
            "mkcol docs", "cd docs", $"put {upload} note.txt", "ls", "lock note.txt", "unlock note.txt", "copy note.txt copy.txt",
            "move copy.txt moved.txt", "propset note.txt colour blue", "propget note.txt colour", $"get note.txt {download}",
            "delete moved.txt", "cd ..", "rmcol docs", "quit", "");
        var (_, output) = await ExternalTool.RunAsync(log, "cadaver", [$"{server.Address}dav/"], TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["HOME"] = _home.FullName }, script);

        Assert.DoesNotContain("failed", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Value of colour is: blue", output);
        Assert.True(output.Split("succeeded").Length - 1 >= 10, "every step should report success");
        Assert.Equal(await File.ReadAllTextAsync(upload), await File.ReadAllTextAsync(download));
    }

    public void Dispose() => _home.Delete(recursive: true);
}
