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

    /// <summary>The remote folders to create (only ones without subfolders; parents come along) and the files.</summary>
    public static async Task<(IReadOnlyList<string> Folders, IReadOnlyList<LocalFile> Files)> PlanAsync(
        DepotClient client, string local, string target, CancellationToken cancellationToken)
    {
        var isFile = File.Exists(local);
        if (!isFile && !Directory.Exists(local))
        {
            throw new CliException(ExitCodes.NotFound, $"{local}: no such file or folder.");
        }

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(local));
        var into = target.EndsWith('/') || (await Remote.TryStatAsync(client, target, cancellationToken))?.Kind == NodeKinds.Folder;
        var destination = into ? DepotPath.Combine(target, name) : DepotPath.Normalize(target);
        if (isFile)
        {
            return ([], [new LocalFile(local, destination, new FileInfo(local).Length)]);
        }

        var folders = Directory.EnumerateDirectories(local, "*", Walk)
            .Where(folder => !Directory.EnumerateDirectories(folder, "*", new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint }).Any())
            .Select(folder => Under(destination, local, folder))
            .DefaultIfEmpty(destination)
            .ToList();
        var files = Directory.EnumerateFiles(local, "*", Walk)
            .Select(file => new LocalFile(file, Under(destination, local, file), new FileInfo(file).Length))
            .ToList();
        return (folders, files);
    }

    private static string Under(string destination, string root, string path) =>
        DepotPath.Combine(destination, Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'));
}
