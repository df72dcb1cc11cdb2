using System.Text.Json;
using Depot.Cli.Output;

namespace Depot.Cli.Config;

/// <summary>
/// Reads and writes config.json in <c>$DEPOT_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/depot</c>, else
/// <c>~/.config/depot</c>. The file holds a bearer token, so only its owner may read it (0600, folder 0700).
/// </summary>
internal sealed class ConfigStore(string directory)
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerReadWrite | UnixFileMode.UserExecute;

    public string FilePath { get; } = Path.Combine(directory, "config.json");

    public static ConfigStore For(CliHost host)
    {
        var directory = host.GetEnvironmentVariable("DEPOT_CONFIG_DIR");
        if (string.IsNullOrEmpty(directory))
        {
            var configHome = host.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(configHome))
            {
                configHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            }

            directory = Path.Combine(configHome, "depot");
        }

        return new ConfigStore(directory);
    }

    public CliConfig Load()
    {
        if (!File.Exists(FilePath))
        {
            return new CliConfig();
        }

        try
        {
            using var file = File.OpenRead(FilePath);
            return JsonSerializer.Deserialize(file, CliJsonContext.Relaxed.CliConfig) ?? new CliConfig();
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Error, $"{FilePath} is not valid JSON ({e.Message}); fix or delete it.");
        }
    }

    /// <summary>Writes a temp file with owner-only permissions, then renames it over the old one: never half a config.</summary>
    public void Save(CliConfig config)
    {
        var directory = Path.GetDirectoryName(FilePath)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyFolder);
        }

        var temp = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        using (var file = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(file, config, CliJsonContext.Relaxed.CliConfig);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode only applies to new files; a leftover temp file keeps its old mode otherwise.
            File.SetUnixFileMode(temp, OwnerReadWrite);
        }

        File.Move(temp, FilePath, overwrite: true);
    }
}
