namespace Depot.Core.Files;

/// <summary>
/// What a list view shows beside an item's name (<see cref="ListingDetails"/>): a folder's total size, whether the
/// caller shares it with people or has a public link to it, whether a WebDAV client holds a lock on it, and whether the
/// caller starred it.
/// </summary>
public sealed record ItemDetails(long? FolderSize, bool Shared, bool Linked, bool Locked, bool Favourite)
{
    public static readonly ItemDetails None = new(null, false, false, false, false);
}
