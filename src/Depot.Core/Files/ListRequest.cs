namespace Depot.Core.Files;

/// <summary>
/// One page of a folder listing: order, size (1–<see cref="MaxLimit"/>) and the cursor of the previous page. With
/// <see cref="FoldersFirst"/>, folders and mounts come before files whatever the order (what file managers show).
/// Without <see cref="Checksums"/>, the items' SHA-1 and MD5 are left out (null): a WebDAV listing that shows no
/// checksums need not read them.
/// </summary>
public sealed record ListRequest(
    ChildOrder Order = ChildOrder.Name, bool Descending = false, int Limit = ListRequest.DefaultLimit, string? Cursor = null, bool FoldersFirst = false,
    bool Checksums = true)
{
    // 200: a screenful for any client; 1000 bounds one response's size and the time its query holds a connection.
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1000;
}
