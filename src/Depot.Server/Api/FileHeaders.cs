using Depot.Core;
using Depot.Core.Files;
using Depot.Protocol;

namespace Depot.Server.Api;

/// <summary>Reads the write-related headers of a request into the core's terms: conditions, declared digest, length.</summary>
internal static class FileHeaders
{
    public const string ReprDigest = "Repr-Digest";
    public const string ContentDigest = "Content-Digest";

    /// <summary>
    /// On an upload's answer: the content was the file's current content, so no version was added and no quota
    /// charged (<see cref="UploadResult.Unchanged"/>). The answer is still a success, with the same ETag.
    /// </summary>
    public const string Unchanged = "X-Depot-Unchanged";

    public static void MarkUnchanged(HttpResponse response, UploadResult result)
    {
        if (result.Unchanged)
        {
            response.Headers[Unchanged] = "true";
        }
    }

    public static Result<WritePreconditions> Preconditions(HttpRequest request) =>
        WritePreconditions.Parse(Joined(request, "If-Match"), Joined(request, "If-None-Match"));

    /// <summary>
    /// The upload to <paramref name="path"/> as the core sees it. Content-Digest and Repr-Digest are the same for a PUT
    /// without content coding. The content type is inferred from the name when the client sends none or
    /// octet-stream (<see cref="ContentTypes"/>); <c>X-OC-Mtime</c> gives the modified time (<see cref="ClientMtime"/>).
    /// </summary>
    public static Result<UploadRequest> Upload(HttpRequest request, DepotPath path, bool parents)
    {
        if (PartialWriteRule.Check(request) is { } partial)
        {
            return partial;
        }

        var conditions = Preconditions(request);
        var content = DigestHeader.ParseSha256(Joined(request, ContentDigest));
        var repr = DigestHeader.ParseSha256(Joined(request, ReprDigest));
        var mtime = ClientMtime.FromHeader(request);
        if (!conditions.IsSuccess || !content.IsSuccess || !repr.IsSuccess || !mtime.IsSuccess)
        {
            return (conditions.Error ?? content.Error ?? repr.Error ?? mtime.Error)!;
        }

        if (content.Value is not null && repr.Value is not null && content.Value != repr.Value)
        {
            return Result<UploadRequest>.Fail(ErrorCodes.DigestMismatch, "Content-Digest and Repr-Digest declare different SHA-256 values.");
        }

        return new UploadRequest(request.ContentLength, ContentTypes.For(request.ContentType, path.Name), content.Value ?? repr.Value,
            conditions.Value, parents, ModifiedAt: mtime.Value);
    }

    private static string? Joined(HttpRequest request, string header) =>
        request.Headers.TryGetValue(header, out var values) ? string.Join(", ", values.ToArray()) : null;
}
