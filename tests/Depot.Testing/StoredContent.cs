using Amazon.S3.Model;

namespace Depot.Testing;

/// <summary>One thing a server keeps its file contents in: a file of the data folder, an object of its bucket, or an
/// unfinished multipart upload (which holds stored parts, so it costs space until completed or aborted).</summary>
public sealed record StoredObject(string Name, long Length, DateTime WrittenUtc, bool IsUnfinishedUpload = false)
{
    /// <summary>The last segment of the name: a blob's or an upload's id.</summary>
    public string Id => Name[(Name.LastIndexOf('/') + 1)..];

    public override string ToString() =>
        $"{Name} {(IsUnfinishedUpload ? "(unfinished multipart upload)" : $"{Length} B")} {WrittenUtc:HH:mm:ss.fff}";
}

/// <summary>
/// What a test server keeps besides its metadata, seen from outside Depot: every file of the data folder but the
/// database, the folder lock and the readiness probe (with <see cref="TestStorage"/> local), or every object and
/// unfinished multipart upload of the server's bucket (with S3). Counted without knowing Depot's layout, so a stray
/// leftover anywhere shows; tests also damage or remove content through it to see how the server takes that.
/// </summary>
public static class StoredContent
{
    public static async Task<IReadOnlyList<StoredObject>> ListAsync(string dataPath)
    {
        if (!TestStorage.UseS3)
        {
            return [.. new DirectoryInfo(dataPath).EnumerateFiles("*", SearchOption.AllDirectories)
                .Where(f => !f.Name.StartsWith("depot.db", StringComparison.Ordinal))
                .Where(f => f.Name != "depot.lock") // the empty data-folder lock the running server holds
                .Where(f => !f.Name.StartsWith(".readyz-", StringComparison.Ordinal)) // the readiness probe, deleted on close
                .Select(f => new StoredObject(Path.GetRelativePath(dataPath, f.FullName), f.Length, f.LastWriteTimeUtc))
                .OrderBy(o => o.Name, StringComparer.Ordinal)];
        }

        var bucket = TestStorage.BucketOf(dataPath);
        using var client = S3Server.Shared.CreateClient();
        var found = new List<StoredObject>();
        var objects = new ListObjectsV2Request { BucketName = bucket };
        do
        {
            var page = await client.ListObjectsV2Async(objects);
            found.AddRange((page.S3Objects ?? []).Select(o => new StoredObject(o.Key, o.Size ?? 0, o.LastModified ?? DateTime.UnixEpoch)));
            objects.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (objects.ContinuationToken is not null);

        var uploads = new ListMultipartUploadsRequest { BucketName = bucket };
        while (true)
        {
            var page = await client.ListMultipartUploadsAsync(uploads);
            found.AddRange((page.MultipartUploads ?? []).Select(u => new StoredObject(u.Key, 0, u.Initiated ?? DateTime.UnixEpoch, IsUnfinishedUpload: true)));
            if (page.IsTruncated != true)
            {
                break;
            }

            (uploads.KeyMarker, uploads.UploadIdMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }

        return [.. found.OrderBy(o => o.Name, StringComparer.Ordinal)];
    }

    /// <summary>Polls (bounded) until <paramref name="condition"/> holds for the content; returns the last listing.</summary>
    public static async Task<IReadOnlyList<StoredObject>> WaitUntilAsync(string dataPath, Func<IReadOnlyList<StoredObject>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = await ListAsync(dataPath);
            if (condition(found) || DateTime.UtcNow >= deadline)
            {
                return found;
            }

            await Task.Delay(100);
        }
    }

    public static async Task<byte[]> ReadAsync(string dataPath, StoredObject stored)
    {
        if (!TestStorage.UseS3)
        {
            return await File.ReadAllBytesAsync(Path.Combine(dataPath, stored.Name));
        }

        using var client = S3Server.Shared.CreateClient();
        using var response = await client.GetObjectAsync(TestStorage.BucketOf(dataPath), stored.Name);
        using var bytes = new MemoryStream();
        await response.ResponseStream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    /// <summary>Replaces the content behind Depot's back, as a failing disk or a careless operator would.</summary>
    public static async Task WriteAsync(string dataPath, StoredObject stored, byte[] content)
    {
        if (!TestStorage.UseS3)
        {
            await File.WriteAllBytesAsync(Path.Combine(dataPath, stored.Name), content);
            return;
        }

        using var client = S3Server.Shared.CreateClient();
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = TestStorage.BucketOf(dataPath),
            Key = stored.Name,
            InputStream = new MemoryStream(content),
        });
    }

    public static async Task DeleteAsync(string dataPath, StoredObject stored)
    {
        if (!TestStorage.UseS3)
        {
            File.Delete(Path.Combine(dataPath, stored.Name));
            return;
        }

        using var client = S3Server.Shared.CreateClient();
        await client.DeleteObjectAsync(TestStorage.BucketOf(dataPath), stored.Name);
    }

    public static string Describe(IEnumerable<StoredObject> stored) =>
        string.Join(Environment.NewLine, stored.Select(o => $"    {o}"));
}
