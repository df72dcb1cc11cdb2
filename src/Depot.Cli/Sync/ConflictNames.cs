using System.Globalization;

namespace Depot.Cli.Sync;

/// <summary>
/// The name a losing version is kept under: <c>name (conflict from HOST YYYY-MM-DD HHMM).ext</c>, in the same folder,
/// with " 2", " 3"... inside the parentheses when that name is taken (two conflicts on one machine in one minute).
/// </summary>
internal static class ConflictNames
{
    public static string For(string path, string host, DateTimeOffset now, Func<string, bool> taken)
    {
        var slash = path.LastIndexOf('/');
        var folder = slash < 0 ? "" : path[..(slash + 1)];
        var name = path[(slash + 1)..];
        // A leading dot is a hidden file's name, not an extension (".bashrc" → ".bashrc (conflict …)").
        var dot = name.LastIndexOf('.');
        var (stem, extension) = dot > 0 ? (name[..dot], name[dot..]) : (name, "");
        var stamp = now.ToString("yyyy-MM-dd HHmm", CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            var suffix = attempt == 1 ? "" : $" {attempt}";
            var candidate = $"{folder}{stem} (conflict from {host} {stamp}{suffix}){extension}";
            if (!taken(candidate))
            {
                return candidate;
            }
        }
    }
}
