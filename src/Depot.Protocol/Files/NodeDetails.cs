namespace Depot.Protocol.Files;

/// <summary>
/// What a file manager shows beside an item, returned by <c>GET /api/v1/folders/{path}?details=true</c> only (it costs
/// extra queries). <see cref="FolderSize"/>: a folder's total size, the current size of every file below it, trash
/// excluded (null for files). <see cref="Shared"/>: the caller shares it with a person or group; <see cref="Linked"/>:
/// the caller has a live public link to it; <see cref="Locked"/>: a WebDAV client holds a lock covering it;
/// <see cref="Favourite"/>: the caller starred it.
/// </summary>
public sealed record NodeDetails(long? FolderSize, bool Shared, bool Linked, bool Locked, bool Favourite);
