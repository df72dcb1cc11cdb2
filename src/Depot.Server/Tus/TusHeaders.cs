using System.Globalization;
using Depot.Core;
using Depot.Core.Uploads;
using Depot.Protocol;

namespace Depot.Server.Tus;

/// <summary>Reads tus request headers into the core's terms, and writes an upload's state into response headers.</summary>
internal static class TusHeaders
{
    /// <summary>
    /// The creation request (POST): <c>Upload-Length</c> or <c>Upload-Defer-Length: 1</c> (exactly one), at most
    /// <paramref name="maxSize"/> (else 413), the target from <c>Upload-Metadata</c>, and the file's modified time from
    /// <c>X-OC-Mtime</c> as on a PUT (<see cref="Api.ClientMtime"/>).
    /// </summary>
    public static Result<NewUpload> Creation(HttpRequest request, long maxSize)
    {
        var length = Number(request, TusProtocol.UploadLength);
        var defer = request.Headers[TusProtocol.UploadDeferLength];
        if (!length.IsSuccess || (defer.Count > 0 && defer != "1") || (length.Value is null) == (defer.Count == 0))
        {
            return length.Error ?? new DepotError(ErrorCodes.InvalidRequest, "Send either Upload-Length or Upload-Defer-Length: 1.");
        }

        if (length.Value > maxSize)
        {
            return Result<NewUpload>.Fail(ErrorCodes.PayloadTooLarge, $"Uploads are limited to {maxSize} bytes (Tus-Max-Size).");
        }

        var body = HasBody(request) ? OffsetContent(request) : Result<Unit>.Ok(Unit.Value);
        var key = IdempotencyKey(request);
        var mtime = Api.ClientMtime.FromHeader(request);
        if (!body.IsSuccess || !key.IsSuccess || !mtime.IsSuccess)
        {
            return (body.Error ?? key.Error ?? mtime.Error)!;
        }

        var upload = TusMetadata.ToUpload(request.Headers[TusProtocol.UploadMetadata], length.Value, mtime.Value);
        return upload.IsSuccess ? upload.Value with { IdempotencyKey = key.Value } : upload;
    }

    /// <summary>
    /// <c>Idempotency-Key</c>: a structured-field string as the draft defines it (<c>"…"</c>); a bare token is accepted
    /// too. 1–255 visible ASCII characters; none is null.
    /// </summary>
    private static Result<string?> IdempotencyKey(HttpRequest request)
    {
        var values = request.Headers[TusProtocol.IdempotencyKey];
        if (values.Count == 0)
        {
            return Result<string?>.Ok(null);
        }

        var raw = values.Count == 1 ? values[0]! : "";
        var key = raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' ? raw[1..^1] : raw;
        return key.Length is > 0 and <= 255 && key.All(c => c is >= ' ' and <= '~' and not '"' and not '\\')
            ? Result<string?>.Ok(key)
            : Result<string?>.Fail(ErrorCodes.InvalidRequest, "Idempotency-Key must be one quoted string of 1 to 255 visible ASCII characters.");
    }

    /// <summary>A chunk (PATCH, or the body of a creation at <paramref name="offset"/>): offset, length, checksum.</summary>
    public static Result<AppendRequest> Append(HttpRequest request, long? offset = null)
    {
        var content = offset is null ? OffsetContent(request) : Result<Unit>.Ok(Unit.Value);
        var declared = offset is null ? Number(request, TusProtocol.UploadOffset) : offset;
        var length = offset is null ? Number(request, TusProtocol.UploadLength) : Result<long?>.Ok(null);
        var checksum = ChunkChecksum.Parse(request.Headers[TusProtocol.UploadChecksum]);
        if (!content.IsSuccess || !declared.IsSuccess || !length.IsSuccess || !checksum.IsSuccess)
        {
            return (content.Error ?? declared.Error ?? length.Error ?? checksum.Error)!;
        }

        return declared.Value is { } at
            ? new AppendRequest(at, request.ContentLength, length.Value, checksum.Value)
            : Result<AppendRequest>.Fail(ErrorCodes.InvalidRequest, "A PATCH needs Upload-Offset.");
    }

    /// <summary>The state a HEAD (and, in part, every other answer) reports; Cache-Control: no-store as tus requires.</summary>
    public static void WriteState(HttpResponse response, UploadRecord upload)
    {
        var headers = response.Headers;
        headers[TusProtocol.UploadOffset] = Text(upload.Offset);
        if (upload.Length is { } length)
        {
            headers[TusProtocol.UploadLength] = Text(length);
        }
        else
        {
            headers[TusProtocol.UploadDeferLength] = "1";
        }

        if (!upload.IsCommitted)
        {
            headers[TusProtocol.UploadExpires] = DateTimeOffset.FromUnixTimeMilliseconds(upload.ExpiresAt).ToString("R", CultureInfo.InvariantCulture);
        }

        headers.CacheControl = "no-store";
    }

    public static bool HasBody(HttpRequest request) => request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static Result<Unit> OffsetContent(HttpRequest request) =>
        string.Equals(request.ContentType?.Split(';')[0].Trim(), TusProtocol.OffsetContentType, StringComparison.OrdinalIgnoreCase)
            ? Unit.Value
            : Result<Unit>.Fail(ErrorCodes.UnsupportedMediaType, $"Chunks must be sent as Content-Type: {TusProtocol.OffsetContentType}.");

    private static Result<long?> Number(HttpRequest request, string header)
    {
        var value = request.Headers[header];
        if (value.Count == 0)
        {
            return Result<long?>.Ok(null);
        }

        return value.Count == 1 && value[0] is { Length: > 0 and <= 19 } text && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : Result<long?>.Fail(ErrorCodes.InvalidRequest, $"{header} must be a non-negative integer.");
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
