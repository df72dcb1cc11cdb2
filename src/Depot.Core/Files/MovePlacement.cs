using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>The rules for putting a node at a new place (move, copy, trash restore): cycles, depth and name conflicts.</summary>
internal static class MovePlacement
{
    /// <summary>
    /// Checks that <paramref name="source"/> may go into <paramref name="parent"/> as <paramref name="to"/>'s name.
    /// With <paramref name="overwrite"/>, an existing file at the target is moved to the trash.
    /// </summary>
    public static async Task<Result<Unit>> CheckAsync(
        IFileSession session, Node source, Node parent, DepotPath to, bool overwrite, bool copy, long now, CancellationToken cancellationToken)
    {
        if (source.IsFolder)
        {
            var ancestors = await session.GetAncestorsAsync(parent.Id, cancellationToken);
            if (ancestors.Any(a => a.Id == source.Id))
            {
                return Result<Unit>.Fail(ErrorCodes.MoveIntoSelf, $"'{to}' is inside the folder being moved or copied.");
            }

            var height = (await session.GetSubtreeAsync(source.Id, cancellationToken)).Max(n => n.Depth);
            if (to.Segments.Count + height > DepotPath.MaxDepth)
            {
                return Result<Unit>.Fail(ErrorCodes.InvalidPath, $"The result would be deeper than {DepotPath.MaxDepth} levels.");
            }
        }

        var existing = await session.FindChildAsync(parent.Id, NodeName.Key(to.Name), cancellationToken);
        if (existing is null || (existing.Id == source.Id && !copy))
        {
            return Unit.Value;   // free, or a rename of the node onto itself (a change of case)
        }

        if (!overwrite || existing.IsFolder || source.IsFolder || existing.Id == source.Id)
        {
            return Result<Unit>.Fail(ErrorCodes.AlreadyExists, overwrite
                ? $"'{to}' exists and only a file can replace a file; folders are never merged."
                : $"'{to}' already exists.");
        }

        await session.SetTrashedAsync(existing.Id, now, to.Value, cancellationToken);
        return Unit.Value;
    }
}
