namespace Depot.Core.Backups;

/// <summary>
/// What <see cref="BlobCopier"/> did: the blobs the metadata snapshot records, those copied (and their bytes as stored),
/// those already at the destination with the source's stored size, and those it could not copy intact, named (the first
/// <see cref="BlobCopier.MaxListedProblems"/>) with why.
/// </summary>
public sealed record BlobCopyReport(long Blobs, long Copied, long BytesCopied, long AlreadyThere, long Failed, IReadOnlyList<string> Problems)
{
    public bool IsComplete => Failed == 0;
}
