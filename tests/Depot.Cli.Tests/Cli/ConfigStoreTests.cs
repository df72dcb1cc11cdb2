using Depot.Cli.Config;

namespace Depot.Cli.Tests.Cli;

public sealed class ConfigStoreTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("depot-cli-config-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Config_round_trips_and_is_readable_only_by_its_owner()
    {
        var directory = Path.Combine(_root.FullName, "depot");
        var store = new ConfigStore(directory);
        var config = new CliConfig
        {
            Server = "https://depot.test/",
            Username = "ann",
            Token = "secret",
            TrustedCertificates = new Dictionary<string, string> { ["depot.test:443"] = "SHA256:abc" },
        };

        store.Save(config);
        store.Save(config with { Username = "bob" });
        var loaded = store.Load();

        Assert.Equal("bob", loaded.Username);
        Assert.Equal("secret", loaded.Token);
        Assert.Equal("SHA256:abc", loaded.TrustedCertificates["depot.test:443"]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        }
    }

    [Fact]
    public void A_missing_config_is_empty() => Assert.Null(new ConfigStore(Path.Combine(_root.FullName, "none")).Load().Token);

    [Fact]
    public void The_directory_comes_from_DEPOT_CONFIG_DIR()
    {
        var host = new CliHost(TextWriter.Null, TextWriter.Null, TextReader.Null, name => name == "DEPOT_CONFIG_DIR" ? _root.FullName : null);

        Assert.Equal(Path.Combine(_root.FullName, "config.json"), ConfigStore.For(host).FilePath);
    }
}
