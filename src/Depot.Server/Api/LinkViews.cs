using Depot.Core;
using Depot.Core.Files;
using Depot.Core.Sharing;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Protocol.Sharing;

namespace Depot.Server.Api;

/// <summary>
/// The JSON view of a link (<see cref="PublicLinkView"/>) that the web app's link page renders. Reading it counts no
/// download: it shows names, sizes and dates, which the visitor could see in the zip anyway, not content.
/// </summary>
internal static class LinkViews
{
    public static async Task<Result<PublicLinkView>> BuildAsync(
        LinkAccess access, DepotPath path, string? cursor, int? limit, FileService files, FolderService folders, CancellationToken cancellationToken)
    {
        var link = access.Link;
        DateTimeOffset? expiresAt = link.ExpiresAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null;
        var downloadsLeft = link.MaxDownloads - link.Downloads;
        if (link.DropBox)
        {
            if (!path.IsRoot)
            {
                return LinksEndpoints.DropBoxOnly;
            }

            // Only the box's own name: its size and modification time would tell visitors when others dropped files.
            var box = new PublicItem(link.ItemName, NodeKinds.Folder, 0, DateTimeOffset.FromUnixTimeMilliseconds(link.CreatedAt), null);
            return new PublicLinkView(LinkModes.DropBox, link.ItemName, NodeKinds.Folder, "/", box, null, null, expiresAt, null);
        }

        // The core keeps the visitor inside the link, read-only, and leaves mounts out of its listings.
        var found = await files.GetAsync(access.Visitor, path, cancellationToken);
        if (!found.IsSuccess)
        {
            return LinksEndpoints.Gone;
        }

        var entry = found.Value;
        var inside = path.Value;
        var item = ToItem(entry);
        var view = new PublicLinkView(LinkModes.Read, link.ItemName, item.Kind, inside, item, null, null, expiresAt, downloadsLeft);
        if (!entry.Node.IsFolder)
        {
            return view;
        }

        var page = await folders.ListAsync(access.Visitor, path, new ListRequest(ChildOrder.Name, false, limit ?? ListRequest.DefaultLimit, cursor),
            cancellationToken);
        if (!page.IsSuccess)
        {
            return page.Error.Code == ErrorCodes.InvalidRequest ? page.Error : LinksEndpoints.Gone;
        }

        return view with { Items = [.. page.Value.Items.Select(ToItem)], NextCursor = page.Value.NextCursor };
    }

    private static PublicItem ToItem(NodeEntry entry) => new(
        entry.Name, entry.Node.IsFolder ? NodeKinds.Folder : NodeKinds.File, entry.Node.Size, entry.ModifiedAt, entry.Node.ContentType);
}
