namespace Depot.Core.Files;

/// <summary>
/// What one of this node's group commit batches committed in a tree the node owns, when it wrote nothing but new files
/// and the touches of their folders (<see cref="OwnedTree.EndOwnWrite"/>): the owned tree is brought up to date by it
/// instead of forgetting what it holds.
/// </summary>
/// <param name="FoldersRead">
/// Folder rows the batch read under the tree's lock before its writes (none when it took its reads from memory): exact
/// until its own touches, which <paramref name="Touches"/> gives.
/// </param>
/// <param name="Touches">Each folder the batch touched: by how much its revision moved, and its new modified time.</param>
/// <param name="Files">The new files, each with the ids of the root and the folders on its path, in order.</param>
internal sealed record OwnWrite(
    IReadOnlyList<Node> FoldersRead,
    IReadOnlyList<(string FolderId, long Count, long ModifiedAt)> Touches,
    IReadOnlyList<OwnWrite.NewFile> Files)
{
    /// <summary>A write that committed nothing (rolled back): the tree is as it was.</summary>
    public static readonly OwnWrite None = new([], [], []);

    /// <param name="NameKeys">The file's path, as name keys.</param>
    /// <param name="FolderIds">The root's id, then each folder's on the way.</param>
    /// <param name="Node">The file's row as inserted.</param>
    /// <param name="Version">Its version as inserted, with its content when the metadata store keeps it.</param>
    internal sealed record NewFile(IReadOnlyList<string> NameKeys, IReadOnlyList<string> FolderIds, Node Node, FileVersion Version);
}
