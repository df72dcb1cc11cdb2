using Amazon.S3;
using Depot.Core.Storage.S3;

namespace Depot.Bench;

/// <summary>The SDK baseline of <c>--s3</c>: one client built by Depot's own <see cref="S3Clients"/>, and its two targets.</summary>
internal static class SdkTargets
{
    public const string Sequential = "SDK";
    public const string Parallel = "SDK-par";

    // The rows an object store has: no listing, no WebDAV.
    private static readonly HashSet<string> StorePhases = ["upload-large", "download-large", "upload-small", "read-small"];

    // Reads and small files do not depend on part parallelism: SDK-par only repeats the large upload.
    private static readonly HashSet<string> UploadOnly = ["upload-large"];

    public static AmazonS3Client Client(Uri endpoint, BenchOptions options) => S3Clients.Create(StoreOptions(endpoint, options));

    public static IEnumerable<SdkTarget> Create(IAmazonS3 client, Uri endpoint, BenchOptions options)
    {
        // Depot's default part size, and its choice of payload signing: the SDK sends the same requests Depot sends.
        var store = StoreOptions(endpoint, options);
        var signPayload = S3Clients.SignsPayload(store);
        yield return new SdkTarget(Sequential, client, options.S3Bucket, "sdk/", store.PartSize, 1, signPayload, StorePhases);
        yield return new SdkTarget(Parallel, client, options.S3Bucket, "sdk-par/", store.PartSize, options.S3PartsInFlight, signPayload, UploadOnly);
    }

    private static S3StorageOptions StoreOptions(Uri endpoint, BenchOptions options) => new()
    {
        ServiceUrl = endpoint.AbsoluteUri.TrimEnd('/'),
        Bucket = options.S3Bucket,
        AccessKey = options.S3AccessKey,
        SecretKey = options.S3SecretKey,
    };
}
