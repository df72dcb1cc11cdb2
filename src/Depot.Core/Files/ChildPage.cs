namespace Depot.Core.Files;

/// <summary>
/// One keyset page of a folder's live children: the rows after (<see cref="AfterValue"/>, <see cref="AfterKey"/>)
/// in the given order. <see cref="AfterValue"/> is the size or modified instant; unused for name order. With
/// <see cref="FoldersFirst"/>, folders and mounts (group 0) come before files (group 1) and <see cref="AfterGroup"/> is
/// the last row's group. Without <see cref="Checksums"/>, the rows' SHA-1 and MD5 are not read.
/// </summary>
public sealed record ChildPage(
    ChildOrder Order, bool Descending, int Limit, long AfterValue = 0, string? AfterKey = null, bool FoldersFirst = false, int AfterGroup = 0,
    bool Checksums = true);
