namespace Depot.Core.Storage;

/// <summary>
/// A raw store that can write a blob under an id chosen elsewhere: a finished upload sealed into its own id
/// (<see cref="Encryption.EncryptedBlobStore.WriteAsAsync"/>), a blob moved between stores under the id the metadata
/// knows. Like <see cref="IBlobStore.WriteAsync"/> it never overwrites: an existing blob fails the write.
/// </summary>
public interface IBlobWritesWithId
{
    Task<Result<StoredBlob>> WriteAsAsync(string id, Stream content, long maxBytes, CancellationToken cancellationToken);
}
