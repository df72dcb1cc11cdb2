using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;

namespace Depot.Bench;

/// <summary>
/// The object store alone, through AWSSDK.S3 with Depot's own client settings (<c>S3Clients.Create</c>): what Depot-s3's
/// rows would be if Depot cost nothing. Objects are <c>{prefix}{path}</c>. A body smaller than a part is one PUT, a
/// larger one a multipart upload of <paramref name="partSize"/> parts, as Depot's S3Upload does; with
/// <paramref name="partsInFlight"/> 1 the parts go one after another (as Depot sends them), with more they overlap
/// (TransferUtility's default is 10). Bodies are signed (SigV4's payload SHA-256) exactly when Depot signs them
/// (<c>S3Clients.SignsPayload</c>: over plain HTTP, not over HTTPS). Reads are one GET each, drained as they stream, as Depot reads.
/// </summary>
/// <remarks>
/// No SHA-256, no If-None-Match, no existence check before completing, no metadata: those are Depot's work, and the gap
/// between this target and Depot-s3 is exactly what they (and the extra HTTP hop through Depot) cost.
/// </remarks>
internal sealed class SdkTarget(string name, IAmazonS3 client, string bucket, string prefix, int partSize, int partsInFlight, bool signPayload,
    IReadOnlySet<string> phases)
    : Target(name)
{
    public override bool Runs(Phase phase) => phases.Contains(phase.Id);

    // S3 has no folders: a key is just a name.
    public override Task CreateFolderAsync(string path, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task<int> CountFolderAsync(string path, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The SDK target does not list.");

    public override Task<int> CountPropfindAsync(string path, bool allprop, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The SDK target does not speak WebDAV.");

    public override async Task PutGeneratedAsync(string path, long size, ulong seed, CancellationToken cancellationToken)
    {
        var random = new PseudoRandom(seed);
        if (size < partSize)
        {
            var buffer = ArrayPool<byte>.Shared.Rent((int)size);
            try
            {
                random.Fill(buffer.AsSpan(0, (int)size));
                await PutObjectAsync(path, buffer, (int)size, cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return;
        }

        var key = prefix + path;
        var uploadId = (await client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = "application/octet-stream" },
            cancellationToken)).UploadId;
        var completed = false;
        try
        {
            var parts = await SendPartsAsync(key, uploadId, size, random, cancellationToken);
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = parts,
            }, cancellationToken);
            completed = true;
        }
        finally
        {
            if (!completed)
            {
                await client.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
            }
        }
    }

    public override Task PutSmallAsync(string path, byte[] buffer, int count, bool dav, CancellationToken cancellationToken) =>
        PutObjectAsync(path, buffer, count, cancellationToken);

    public override async Task<long> GetAsync(string path, byte[] buffer, bool dav, CancellationToken cancellationToken)
    {
        using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = prefix + path }, cancellationToken);
        await using var body = response.ResponseStream;
        return await DrainAsync(body, buffer, cancellationToken);
    }

    /// <summary>
    /// Generates the parts in order, each into its own pooled buffer, and keeps up to <c>partsInFlight</c> of them being
    /// sent: with 1 this is Depot's loop (fill a part, send it, fill the next).
    /// </summary>
    private async Task<List<PartETag>> SendPartsAsync(string key, string uploadId, long size, PseudoRandom random, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(partsInFlight);
        var sends = new List<Task<PartETag>>();
        long offset = 0;
        for (var number = 1; offset < size; number++)
        {
            await slots.WaitAsync(cancellationToken);
            var count = (int)Math.Min(partSize, size - offset);
            var buffer = ArrayPool<byte>.Shared.Rent(count);
            random.Fill(buffer.AsSpan(0, count));
            offset += count;
            sends.Add(SendPartAsync(key, uploadId, number, buffer, count, slots, cancellationToken));
            if (partsInFlight == 1)
            {
                await sends[^1];
            }
        }

        return [.. await Task.WhenAll(sends)];
    }

    private async Task<PartETag> SendPartAsync(
        string key, string uploadId, int number, byte[] buffer, int count, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            using var body = new MemoryStream(buffer, 0, count, writable: false);
            var response = await client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = uploadId,
                PartNumber = number,
                PartSize = count,
                InputStream = body,
                DisablePayloadSigning = signPayload ? null : true,
            }, cancellationToken);
            return new PartETag(number, response.ETag);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            slots.Release();
        }
    }

    private async Task PutObjectAsync(string path, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(buffer, 0, count, writable: false);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = prefix + path,
            InputStream = body,
            AutoCloseStream = false,
            DisablePayloadSigning = signPayload ? null : true,
            ContentType = "application/octet-stream",
        }, cancellationToken);
    }
}
