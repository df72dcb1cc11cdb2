namespace Depot.Core.Storage;

/// <summary>
/// What the server puts between its code and the raw store (<see cref="LocalBlobStore"/> or S3): encryption at rest,
/// or nothing. Whoever copies blobs as stored (backup, restore, moving to S3) copies raw bytes between raw stores and
/// reads through <see cref="Wrap"/> to check the SHA-256 of the content, so a backup of an encrypted server holds
/// ciphertext and is verified against the plaintext's hash.
/// </summary>
public interface IBlobStoreLayer
{
    /// <summary>The service key of the raw store in dependency injection: the store as it holds bytes, unwrapped.</summary>
    public const string RawKey = "raw";

    IBlobStore Wrap(IBlobStore raw);
}

/// <summary>No layer: the store holds content as written.</summary>
public sealed class PlainBlobStoreLayer : IBlobStoreLayer
{
    public IBlobStore Wrap(IBlobStore raw) => raw;
}
