using System.IO.Enumeration;

namespace Depot.Cli.Sync;

/// <summary>
/// What sync leaves alone on both sides: system clutter, the temp and lock files of common editors, Depot's own part
/// files, and the patterns of a <c>.depotignore</c> at the top of the local folder (one glob per line, <c>#</c> comments;
/// a pattern with a '/' matches the relative path, one without matches a name at any depth; a trailing '/' is dropped).
/// </summary>
internal sealed class IgnoreRules(IReadOnlyList<string> patterns)
{
    public const string FileName = ".depotignore";

    private static readonly string[] Defaults =
    [
        ".DS_Store", "._*", "Thumbs.db", "desktop.ini", ".directory",   // Finder, Explorer, Dolphin
        "*.swp", "*.swo", "*.swx", "*~", ".#*", "#*#",                 // vim, emacs
        "~$*", ".~lock.*#", "*.tmp", "*.crdownload", "*.part",         // Office, LibreOffice, browsers
        "*.depot-part",                                               // depot get's own downloads in progress
    ];

    public static IgnoreRules Load(string root)
    {
        var file = Path.Combine(root, FileName);
        var own = File.Exists(file)
            ? File.ReadAllLines(file).Select(line => line.Trim().TrimEnd('/')).Where(line => line.Length > 0 && !line.StartsWith('#'))
            : [];
        return new IgnoreRules([.. Defaults, .. own]);
    }

    /// <summary>Whether the relative '/'-separated <paramref name="path"/> (or a folder above it) is ignored.</summary>
    public bool IsIgnored(string path)
    {
        var segments = path.Split('/');
        for (var depth = 1; depth <= segments.Length; depth++)
        {
            var prefix = string.Join('/', segments, 0, depth);
            var name = segments[depth - 1];
            foreach (var pattern in patterns)
            {
                var target = pattern.Contains('/') ? prefix : name;
                if (FileSystemName.MatchesSimpleExpression(pattern.TrimStart('/'), target, ignoreCase: false))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
