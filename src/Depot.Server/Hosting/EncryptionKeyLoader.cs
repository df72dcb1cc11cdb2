using Depot.Core.Storage.Encryption;

namespace Depot.Server.Hosting;

/// <summary>
/// Reads the master key the options name, refusing to start (<see cref="StartupRefusedException"/>) when there is none,
/// it is not a key, or its file lies inside the data folder: a key beside the data it protects protects nothing, and a
/// backup of the folder would carry both.
/// </summary>
internal static class EncryptionKeyLoader
{
    public static MasterKey Load(EncryptionOptions options, string dataFolder) => options.KeyFile is { Length: > 0 } file
        ? LoadFile(file, "Depot:Encryption:KeyFile", dataFolder)
        : LoadVariable(options.KeyEnvironmentVariable);

    /// <summary>A key from <paramref name="file"/>, named <paramref name="setting"/> in messages.</summary>
    public static MasterKey LoadFile(string file, string setting, string dataFolder)
    {
        var path = Path.GetFullPath(file);
        var resolved = new FileInfo(path).Exists ? new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path : path;
        if (IsInside(path, dataFolder) || IsInside(resolved, dataFolder))
        {
            throw new StartupRefusedException($"{setting} '{path}' lies inside the data folder '{dataFolder}': keep the key apart from the data " +
                "it protects (and from its backups), e.g. in /etc/depot/ readable by the server's account only.");
        }

        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupRefusedException($"{setting} '{path}' cannot be read ({e.Message.TrimEnd('.')}). Give the path of the encryption key.");
        }

        return MasterKey.Parse(content, out var problem)
            ?? throw new StartupRefusedException($"{setting} '{path}' is not an encryption key: {problem}.");
    }

    private static MasterKey LoadVariable(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new StartupRefusedException($"Depot:Encryption:Enabled is true but there is no key: set Depot:Encryption:KeyFile to the key's " +
                $"file or the environment variable {name} to the key (base64 of 32 bytes: openssl rand -base64 32).");
        }

        // Base64 only: an environment variable holds text, and 32 characters of text would be a passphrase, not a key.
        var decoded = new byte[MasterKey.Size + 2];
        return Convert.TryFromBase64String(value.Trim(), decoded, out var written) && written == MasterKey.Size
            ? MasterKey.FromBytes(decoded.AsSpan(0, MasterKey.Size))
            : throw new StartupRefusedException($"The environment variable {name} is not an encryption key: it must hold 32 bytes, base64-encoded " +
                "(openssl rand -base64 32).");
    }

    private static bool IsInside(string path, string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        return path.StartsWith(root, StringComparison.Ordinal);
    }
}
