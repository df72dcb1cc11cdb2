using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Depot.Cli.Output;

namespace Depot.Cli.Transfers;

/// <summary>
/// The upload URLs of unfinished resumable uploads (<c>uploads.json</c> beside config.json, owner-only), keyed by
/// server, local file (full path, size, last write time) and target, so running the same <c>depot put</c> again resumes
/// it, while a changed file starts over. Written whole to a temp file and renamed, under a lock for parallel puts.
/// </summary>
internal sealed class ResumeStore(string directory)
{
    private readonly Lock _lock = new();

    public string FilePath { get; } = Path.Combine(directory, "uploads.json");

    public static string Key(Uri server, LocalFile file)
    {
        var info = new FileInfo(file.Path);
        var identity = $"{server.AbsoluteUri}\n{info.FullName}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}\n{file.Remote}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }

    public Uri? Find(string key)
    {
        lock (_lock)
        {
            return Load().GetValueOrDefault(key) is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null;
        }
    }

    public void Save(string key, Uri? url)
    {
        lock (_lock)
        {
            var entries = Load();
            if (url is null ? !entries.Remove(key) : entries.GetValueOrDefault(key) == url.AbsoluteUri)
            {
                return;
            }

            if (url is not null)
            {
                entries[key] = url.AbsoluteUri;
            }

            Directory.CreateDirectory(directory);
            var temp = FilePath + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                // The URL alone grants nothing (every request needs the token), but it names the user's uploads.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                JsonSerializer.Serialize(stream, entries, CliJsonContext.Relaxed.DictionaryStringString);
            }

            File.Move(temp, FilePath, overwrite: true);
        }
    }

    private Dictionary<string, string> Load()
    {
        try
        {
            using var stream = File.OpenRead(FilePath);
            return JsonSerializer.Deserialize(stream, CliJsonContext.Relaxed.DictionaryStringString) ?? [];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            // No record (or a damaged one): uploads start over, which is always correct.
            return [];
        }
    }
}
