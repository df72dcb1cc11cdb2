namespace Depot.Server.Hosting;

/// <summary>
/// The arguments of <c>restore-folder SRC --user NAME [--path /sub]</c>: the backup folder first, then its own options
/// (each as <c>--name value</c> or <c>--name=value</c>); everything else is server configuration (<c>--data</c>, …).
/// </summary>
internal sealed record RestoreFolderArguments(string Source, string User, string Path, string[] Settings)
{
    private static readonly string[] Own = ["--user", "--path"];

    /// <summary>The parsed arguments, or null when the folder or <c>--user</c> is missing or an own option has no value.</summary>
    public static RestoreFolderArguments? Parse(string[] args)
    {
        if (FolderArgument.Parse(args) is not { } folder)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var settings = new List<string>();
        var rest = folder.Settings;
        for (var i = 0; i < rest.Length; i++)
        {
            var (name, inline) = rest[i].Split('=', 2) is [var n, var v] ? (n, v) : (rest[i], null);
            if (!Own.Contains(name))
            {
                settings.Add(rest[i]);
                continue;
            }

            var value = inline ?? (i + 1 < rest.Length ? rest[++i] : null);
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            values[name] = value;
        }

        return values.TryGetValue("--user", out var user)
            ? new RestoreFolderArguments(folder.Folder, user, values.GetValueOrDefault("--path") ?? "/", [.. settings])
            : null;
    }
}
