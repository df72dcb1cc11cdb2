namespace Depot.Core.Storage.Encryption;

/// <summary>Encryption at rest as the server's layer over its raw store (<c>Depot:Encryption:Enabled</c>).</summary>
public sealed class EncryptionBlobStoreLayer(MasterKey key) : IBlobStoreLayer
{
    public MasterKey Key => key;

    public IBlobStore Wrap(IBlobStore raw) => new EncryptedBlobStore(raw, [key]);
}
