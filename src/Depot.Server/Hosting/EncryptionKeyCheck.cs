using Depot.Core.Storage;
using Depot.Core.Storage.Encryption;

namespace Depot.Server.Hosting;

/// <summary>
/// With encryption on, before anything else starts: the configured key must open the store's blobs. One blob is
/// checked (any blob will do: every blob is sealed with the server's key), so a wrong key refuses to start with a
/// message instead of every download failing as damaged (blobs cut short by a crash are passed over); a store that holds
/// unencrypted blobs is refused too, since they would all read as damaged (encryption is turned on for a new, empty
/// store), and so is a metadata store that holds small files' content, which would stay plaintext.
/// </summary>
internal sealed class EncryptionKeyCheck(IBlobStore blobs, ILogger<EncryptionKeyCheck> logger) : IHostedLifecycleService
{
    private const int MaxBlobsLookedAt = 100;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (blobs is not InlineBlobStore { Inner: EncryptedBlobStore encrypted } inline)
        {
            return;
        }

        if (await inline.HoldsAnyAsync(cancellationToken))
        {
            throw new StartupRefusedException("Depot:Encryption:Enabled is true but the metadata store holds unencrypted content (small files, " +
                "Depot:Storage:InlineMaxBytes). Encryption can be turned on only for a new, empty data folder or bucket (docs/operations.md, Encryption at rest).");
        }

        BlobKeyCheck? check = null;
        try
        {
            var looked = 0;
            await foreach (var blob in encrypted.ListAsync(cancellationToken))
            {
                // The first blob that tells (one cut short by a crash does not); a bounded look, so a start stays quick.
                check = await encrypted.CheckKeyAsync(blob.Id, cancellationToken);
                if (check is not null || ++looked == MaxBlobsLookedAt)
                {
                    break;
                }
            }
        }
        catch (StorageUnavailableException e)
        {
            // An unreachable bucket is for /readyz to report, as without encryption; the key is checked at the next start.
            HostingLog.EncryptionKeyUnchecked(logger, e.Message);
            return;
        }

        var key = encrypted.Keys[0];
        switch (check)
        {
            case { Encrypted: false }:
                throw new StartupRefusedException($"Depot:Encryption:Enabled is true but the blob store holds unencrypted content (blob {check.Id}). " +
                    "Encryption can be turned on only for a new, empty data folder or bucket (docs/operations.md, Encryption at rest).");
            case { Opens: false }:
                throw new StartupRefusedException($"The encryption key (id {key.Id}) does not open the stored content: blob {check.Id} was sealed " +
                    $"with key {string.Join(" or ", check.KeyIds)}. Give the key the data was encrypted with (Depot:Encryption:KeyFile or " +
                    "the key's environment variable); if a rotate-key run was cut short, run it again with the old key.");
            default:
                HostingLog.EncryptionOn(logger, key.Id);
                break;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
