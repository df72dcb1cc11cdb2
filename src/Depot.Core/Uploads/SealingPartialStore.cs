using System.Runtime.CompilerServices;
using Depot.Core.Storage;
using Depot.Core.Storage.Encryption;

namespace Depot.Core.Uploads;

/// <summary>
/// Resumable uploads with encryption at rest: the parts are kept by <paramref name="staging"/> (files in the data
/// folder's <c>uploads/</c>), and completing an upload seals its bytes into the encrypted store under the upload's id,
/// so the blob folder or bucket never holds plaintext. Completing goes in steps that may each be cut short and re-run:
/// the staging store composes the parts into one file of <paramref name="composed"/> (a rename), that file is sealed
/// into the blob store (a new blob, never overwritten: a blob left by a cut-short sealing is deleted and sealed again
/// unless it opens with the upload's length), and the file is deleted.
/// </summary>
public sealed class SealingPartialStore(LocalPartialStore staging, LocalBlobStore composed, EncryptedBlobStore blobs) : IPartialStore
{
    public Task<long> AppendAsync(string uploadId, long offset, Stream part, CancellationToken cancellationToken) =>
        staging.AppendAsync(uploadId, offset, part, cancellationToken);

    public async Task<bool> CompleteAsync(string uploadId, long length, CancellationToken cancellationToken)
    {
        if (await IsSealedAsync(uploadId, length, cancellationToken))
        {
            await composed.DeleteAsync(uploadId, cancellationToken);
            return true;
        }

        if (!await staging.CompleteAsync(uploadId, length, cancellationToken))
        {
            return false;
        }

        // Whatever is under the id now is a sealing cut short (a sealed blob of this length was found above): replaced.
        await blobs.DeleteAsync(uploadId, cancellationToken);
        await using (var plaintext = await composed.OpenReadAsync(uploadId, 0, null, cancellationToken))
        {
            if (plaintext is null)
            {
                return false;
            }

            var sealedBlob = await blobs.WriteAsAsync(uploadId, plaintext.Content, length, cancellationToken);
            if (!sealedBlob.IsSuccess || sealedBlob.Value.Size != length)
            {
                await blobs.DeleteAsync(uploadId, cancellationToken);
                return false;
            }
        }

        await composed.DeleteAsync(uploadId, cancellationToken);
        return true;
    }

    public async Task DeleteAsync(string uploadId, CancellationToken cancellationToken)
    {
        await staging.DeleteAsync(uploadId, cancellationToken);
        await composed.DeleteAsync(uploadId, cancellationToken);
    }

    public async IAsyncEnumerable<BlobListing> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var upload in staging.ListAsync(cancellationToken))
        {
            yield return upload;
        }

        // Composed but not yet sealed (a crash in between): still the upload's data, collected with it.
        await foreach (var upload in composed.ListAsync(cancellationToken))
        {
            yield return upload;
        }
    }

    private async Task<bool> IsSealedAsync(string uploadId, long length, CancellationToken cancellationToken)
    {
        try
        {
            await using var opened = await blobs.OpenReadAsync(uploadId, 0, 0, cancellationToken);
            return opened?.BlobSize == length && (await blobs.CheckKeyAsync(uploadId, cancellationToken))?.Opens == true;
        }
        catch (BlobDamagedException)
        {
            return false;
        }
    }
}
