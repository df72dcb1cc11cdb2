namespace Depot.Core.Storage.Move;

/// <summary>Why a blob was not copied by <see cref="BlobMover"/>.</summary>
public enum BlobMoveFailure
{
    /// <summary>The metadata records the blob, but the local folder has no file for it.</summary>
    MissingLocally,

    /// <summary>The local file's size or SHA-256 differs from what the metadata recorded: copying it would spread the damage.</summary>
    DamagedLocally,

    /// <summary>The bucket's object did not read back as the recorded bytes; it was deleted again.</summary>
    NotVerifiedInBucket,
}
