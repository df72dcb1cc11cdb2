using Depot.Core.Uploads;

namespace Depot.Server.Tus;

/// <summary>The constants of tus 1.0.0 (https://tus.io/protocols/resumable-upload) as Depot speaks it; see docs/tus.md.</summary>
internal static class TusProtocol
{
    public const string Route = "/api/v1/uploads";
    public const string Version = "1.0.0";
    public const string OffsetContentType = "application/offset+octet-stream";

    public const string Extensions = "creation,creation-with-upload,creation-defer-length,termination,checksum,expiration";

    public static string ChecksumAlgorithms { get; } = string.Join(',', ChunkChecksum.Algorithms);

    public const string TusResumable = "Tus-Resumable";
    public const string TusVersion = "Tus-Version";
    public const string TusExtension = "Tus-Extension";
    public const string TusMaxSize = "Tus-Max-Size";
    public const string TusChecksumAlgorithm = "Tus-Checksum-Algorithm";
    public const string UploadOffset = "Upload-Offset";
    public const string UploadLength = "Upload-Length";
    public const string UploadDeferLength = "Upload-Defer-Length";

    // draft-ietf-httpapi-idempotency-key-header: a creation sent again with the same key finds the first one's upload.
    public const string IdempotencyKey = "Idempotency-Key";
    public const string UploadMetadata = "Upload-Metadata";
    public const string UploadExpires = "Upload-Expires";
    public const string UploadChecksum = "Upload-Checksum";
    public const string MethodOverride = "X-HTTP-Method-Override";
}
