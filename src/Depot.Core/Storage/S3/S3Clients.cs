using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Depot.Core.Storage.S3;

/// <summary>Builds the one <see cref="AmazonS3Client"/> a node uses from <see cref="S3StorageOptions"/>.</summary>
public static class S3Clients
{
    public static AmazonS3Client Create(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Checksums only where S3 requires them: Ceph RGW 16 rejects the CRC32 trailers AWS SDKs send by default since
            // 2025 (400 XAmzContentSHA256Mismatch), and it ignores x-amz-checksum-sha256. Integrity comes from Depot's
            // own SHA-256, computed as the bytes stream in and checked on every whole-file read.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // Standard mode: exponential back-off with jitter on 5xx, 503 SlowDown, throttling, timeouts and reset
            // connections. Every request Depot sends is idempotent (a part or a PUT of a new id, a GET, a DELETE), and
            // bodies are sent from a seekable buffer, so the SDK can resend them.
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = options.MaxRetries,
            Timeout = options.RequestTimeout,
        };
        if (string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config) // the SDK's chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY first, then profiles, roles
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    /// <summary>
    /// Whether a request's body is part of its signature (SigV4's payload SHA-256, a pass over every byte sent). Only
    /// over plain HTTP: over HTTPS, TLS already protects the bytes in transit and the SDK sends <c>UNSIGNED-PAYLOAD</c>
    /// (as rclone does), and over HTTP the SDK refuses to leave the body unsigned.
    /// </summary>
    public static bool SignsPayload(S3StorageOptions options) =>
        !string.IsNullOrEmpty(options.ServiceUrl) && !options.ServiceUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
}
