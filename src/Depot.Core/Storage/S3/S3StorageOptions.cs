using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Storage.S3;

/// <summary>
/// Where file contents live when <c>Depot:Storage:Provider</c> is <c>s3</c> (<c>Depot:Storage:S3</c>): any S3-compatible
/// object store (AWS S3, Ceph RGW, MinIO, Garage, R2). Credentials not set here come from the AWS SDK's usual sources,
/// first the environment variables <c>AWS_ACCESS_KEY_ID</c> and <c>AWS_SECRET_ACCESS_KEY</c>.
/// </summary>
public sealed class S3StorageOptions : IValidatableObject
{
    /// <summary>The endpoint, such as <c>https://s3.eu-central-1.amazonaws.com</c> or <c>http://127.0.0.1:7480</c>; empty: AWS for <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The bucket; it must exist (Depot never creates or deletes buckets).</summary>
    public string? Bucket { get; set; }

    // us-east-1: what S3-compatible servers that have no regions (RGW, MinIO) accept in signatures.
    public string Region { get; set; } = "us-east-1";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    // True: path-style URLs (host/bucket/key) work on every S3-compatible server without wildcard DNS; AWS accepts them
    // too. Set false only for a server that requires virtual-hosted style.
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Optional key prefix, so several installations (or other data) can share a bucket: blobs are <c>{Prefix}blobs/{id}</c>.</summary>
    public string? Prefix { get; set; }

    // 8 MiB: above S3's 5 MiB minimum part; 10,000 parts (S3's maximum) then hold 78 GiB. Each upload in flight holds
    // one part buffer, so 100 concurrent large uploads hold 800 MiB, plus ReadAheadUploads' second buffers; bodies up to
    // this size are one PUT.
    [Range(5 * 1024 * 1024, 512 * 1024 * 1024)]
    public int PartSize { get; set; } = 8 * 1024 * 1024;

    // 16: while an upload sends part N it reads part N+1 into a second buffer, so the client, the hashing and the store
    // work at once (about a fifth more on the benchmark's large upload). At most this many uploads of a writer do so at
    // once: 16 × 8 MiB = 128 MiB above the one buffer per upload; the others send their parts one after another. 0: never.
    [Range(0, 1024)]
    public int ReadAheadUploads { get; set; } = 16;

    // 60 s per request attempt: an 8 MiB part at 1 MB/s still fits; a wedged store is noticed within a minute per try.
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    // 4 retries with the SDK's exponential back-off and jitter (about 0.1, 0.2, 0.4, 0.8 s, capped at 20 s): rides out
    // a restarting gateway or a burst of SlowDown, then answers 503 rather than holding the client for minutes.
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>The key prefix under which blobs are stored.</summary>
    public string BlobPrefix => (Prefix ?? "") + "blobs/";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Bucket))
        {
            yield return new ValidationResult($"The field {nameof(Bucket)} is required with the 's3' provider.", [nameof(Bucket)]);
        }

        if (!string.IsNullOrEmpty(ServiceUrl) && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
        {
            yield return new ValidationResult($"The field {nameof(ServiceUrl)} must be an absolute URL.", [nameof(ServiceUrl)]);
        }

        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey))
        {
            yield return new ValidationResult(
                $"The field {(string.IsNullOrEmpty(AccessKey) ? nameof(AccessKey) : nameof(SecretKey))} is required when the other key is set.",
                [string.IsNullOrEmpty(AccessKey) ? nameof(AccessKey) : nameof(SecretKey)]);
        }

        if (Prefix is { Length: > 0 } prefix && (prefix.StartsWith('/') || !prefix.EndsWith('/')))
        {
            yield return new ValidationResult($"The field {nameof(Prefix)} must end with '/' and not start with one.", [nameof(Prefix)]);
        }
    }
}
