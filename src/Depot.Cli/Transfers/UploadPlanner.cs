using Depot.Cli.Commands;
using Depot.Client;
using Depot.Protocol.Files;

namespace Depot.Cli.Transfers;

/// <summary>
/// What <c>put</c> sends where, as <c>cp -r</c> decides: into the target when it is an existing folder (or ends with
/// "/"), else to the target path itself. Folders are walked recursively; symbolic links are skipped.
/// </summary>
internal static class UploadPlanner
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = false,
    };

    /// <summary>
    /// The remote folders to create (only ones without subfolders; parents come along) and the files. With
    /// <paramref name="overSameName"/> (<c>--skip-unchanged</c>) a target folder named like the local folder is the
    /// destination itself, so putting a folder again over its copy updates it instead of nesting a second copy inside.
    /// </summary>
    public static async Task<UploadPlan> PlanAsync(
        DepotClient client, string local, string target, bool overSameName, CancellationToken cancellationToken)
    {
        var isFile = File.Exists(local);
        if (!isFile && !Directory.Exists(local))
        {
            throw new CliException(ExitCodes.NotFound, $"{local}: no such file or folder.");
        }

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(local));
        var existing = target.EndsWith('/') ? null : await Remote.TryStatAsync(client, target, cancellationToken);
        var into = target.EndsWith('/') || existing?.Kind == NodeKinds.Folder;
        if (overSameName && !isFile && existing?.Kind == NodeKinds.Folder && existing.Name == name)
        {
            into = false;
        }

        var destination = into ? DepotPath.Combine(target, name) : DepotPath.Normalize(target);
        if (isFile)
        {
            return new UploadPlan(destination, false, [], [new LocalFile(local, destination, new FileInfo(local).Length)]);
        }

        var folders = Directory.EnumerateDirectories(local, "*", Walk)
            .Where(folder => !Directory.EnumerateDirectories(folder, "*", new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint }).Any())
            .Select(folder => Under(destination, local, folder))
            .DefaultIfEmpty(destination)
            .ToList();
        var files = Directory.EnumerateFiles(local, "*", Walk)
            .Select(file => new LocalFile(file, Under(destination, local, file), new FileInfo(file).Length))
            .ToList();
        return new UploadPlan(destination, true, folders, files);
    }

    private static string Under(string destination, string root, string path) =>
        DepotPath.Combine(destination, Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'));
}
