namespace Depot.Core.Storage.Move;

/// <summary>
/// What a move did. <see cref="Problems"/> lists at most <see cref="BlobMover.MaxListedProblems"/> blobs; the counts are
/// complete. <see cref="StoppedBy"/> is set when the bucket itself failed (after the client's retries) and the move
/// stopped there: everything copied so far stays, and a new run continues.
/// </summary>
public sealed record BlobMoveReport(
    long Blobs,
    long Copied,
    long Replaced,
    long AlreadyThere,
    long BytesCopied,
    long MissingLocally,
    long DamagedLocally,
    long NotVerified,
    IReadOnlyList<BlobMoveProblem> Problems,
    string? StoppedBy)
{
    /// <summary>Every blob the metadata records is in the bucket, each copied one verified.</summary>
    public bool IsComplete => MissingLocally == 0 && DamagedLocally == 0 && NotVerified == 0 && StoppedBy is null;
}
