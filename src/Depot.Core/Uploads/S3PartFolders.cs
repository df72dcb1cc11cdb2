using System.Buffers;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Depot.Core.Storage;
using Depot.Core.Storage.S3;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Uploads;

/// <summary>
/// The sealed parts of encrypted tus uploads in the bucket, <c>{Prefix}encrypted-uploads/{upload id}/blobs/{offset}</c>,
/// so any node continues or completes an upload another node started. Outside <c>{Prefix}blobs/</c>, so the blob
/// store's garbage collection never sees them; the upload cleanup collects them with their upload. Owns its client.
/// </summary>
public sealed class S3PartFolders : IPartFolders, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly S3StorageOptions _options;
    private readonly S3Upload _upload;
    private readonly string _root;

    public S3PartFolders(IAmazonS3 client, S3StorageOptions options, ILogger<S3PartFolders> logger)
    {
        _client = client;
        _options = options;
        _upload = new S3Upload(client, options, ArrayPool<byte>.Create(options.PartSize, maxArraysPerBucket: 16), logger);
        _root = (options.Prefix ?? "") + "encrypted-uploads/";
    }

    // S3's largest page; tests make it small so listing crosses pages.
    internal int ListPageSize { get; init; } = 1000;

    public IBlobStore For(string uploadId) => new S3BlobStore(_client, _options, PrefixOf(uploadId) + "blobs/", _upload);

    public async Task DeleteAsync(string uploadId, CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = PrefixOf(uploadId), MaxKeys = ListPageSize };
        do
        {
            var page = await S3Faults.CallAsync("list an upload's parts", token => _client.ListObjectsV2Async(request, token), cancellationToken);
            var keys = (page.S3Objects ?? []).Select(o => new KeyVersion { Key = o.Key }).ToList();
            if (keys.Count > 0)
            {
                await S3Faults.CallAsync("delete an upload's parts",
                    token => _client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = _options.Bucket, Objects = keys, Quiet = true }, token),
                    cancellationToken);
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    public async IAsyncEnumerable<BlobListing> ListUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Keys come in order, so an upload's parts are consecutive: one listing each, with its latest part's time.
        string? current = null;
        var latest = DateTimeOffset.MinValue;
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _root, MaxKeys = ListPageSize };
        do
        {
            var page = await S3Faults.CallAsync("list upload parts", token => _client.ListObjectsV2Async(request, token), cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                var rest = item.Key.AsSpan(_root.Length);
                if (rest.IndexOf('/') is not 32 || !Ids.IsBlobId(rest[..32].ToString()))
                {
                    continue;
                }

                var id = rest[..32].ToString();
                var written = new DateTimeOffset(item.LastModified ?? DateTime.UnixEpoch, TimeSpan.Zero);
                if (id != current)
                {
                    if (current is not null)
                    {
                        yield return new BlobListing(current, latest);
                    }

                    (current, latest) = (id, written);
                }
                else if (written > latest)
                {
                    latest = written;
                }
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);

        if (current is not null)
        {
            yield return new BlobListing(current, latest);
        }
    }

    public void Dispose() => _client.Dispose();

    private string PrefixOf(string uploadId) => Ids.IsBlobId(uploadId)
        ? _root + uploadId + "/"
        : throw new ArgumentException($"'{uploadId}' is not an upload id.", nameof(uploadId));
}
