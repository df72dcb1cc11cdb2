using System.Security.Claims;
using Depot.Core.Files;
using Depot.Core.Storage;
using Depot.Protocol.Files;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Depot.Server.Api;

/// <summary><c>/api/v1/files/{path}</c>: upload (PUT), download (GET/HEAD, ranges), delete to trash.</summary>
internal static class FilesEndpoints
{
    private const int PrefixSegments = 3;   // api, v1, files

    public static void MapFiles(this IEndpointRouteBuilder api)
    {
        var files = api.MapGroup("/files").WithTags("Files").RequireAuthorization();
        // Any media type: it is the file's own, kept and served back (routing enforces Accepts, so it must be */*).
        files.MapPut("/{**path}", PutAsync).WithName("UploadFile").Accepts<Stream>("*/*")
            .Produces(StatusCodes.Status412PreconditionFailed).Produces(StatusCodes.Status507InsufficientStorage);
        files.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Head], GetAsync).WithName("DownloadFile")
            .Produces(StatusCodes.Status206PartialContent).Produces(StatusCodes.Status304NotModified)
            .Produces(StatusCodes.Status416RangeNotSatisfiable);
        files.MapDelete("/{**path}", DeleteAsync).WithName("DeleteFile").Produces(StatusCodes.Status412PreconditionFailed);
    }

    // Streams the body straight into the blob store; quota with a declared length is refused before any byte is read.
    private static async Task<Results<Created<NodeInfo>, Ok<NodeInfo>, ProblemHttpResult>> PutAsync(
        HttpContext context, ClaimsPrincipal user, FileService files, StorageOptions storage, bool? parents, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = storage.MaxUploadBytes;
        }

        var path = RequestPath.Parse(context, PrefixSegments);
        var request = path.IsSuccess ? FileHeaders.Upload(context.Request, path.Value, parents ?? false) : path.Error!;
        var result = request.IsSuccess
            ? await files.UploadAsync(user.ToCaller(context.Request), path.Value, context.Request.Body, request.Value, cancellationToken)
            : request.Error!;
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        context.Response.Headers.ETag = result.Value.Entry.Node.ETag;
        ClientMtime.Acknowledge(context.Response, request.Value.ModifiedAt);
        FileHeaders.MarkUnchanged(context.Response, result.Value);
        var info = result.Value.Entry.ToInfo();
        return result.Value.Created ? TypedResults.Created(result.Value.Entry.Location(), info) : TypedResults.Ok(info);
    }

    // ?disposition=inline is honoured for the allow-list in InlinePreview only; everything else stays an attachment.
    // The framework's stream result does Range, If-Range, If-None-Match (304) and If-Match (412) on the seekable blob.
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetAsync(
        HttpContext context, ClaimsPrincipal user, FileService files, string? version, string? disposition, CancellationToken cancellationToken)
    {
        var path = RequestPath.Parse(context, PrefixSegments);
        var result = path.IsSuccess ? await files.OpenReadAsync(user.ToCaller(), path.Value, version, ExpectedRange.Of(context.Request), cancellationToken) : path.Error!;
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        var (entry, fileVersion, content) = result.Value;
        context.Response.Headers[FileHeaders.ReprDigest] = DigestHeader.Format(fileVersion.Sha256);
        var inline = disposition == "inline" ? InlinePreview.TypeFor(entry.Name) : null;
        InlinePreview.Apply(context.Response, entry.Name, inline);
        LargeDownloadBody.Apply(context, fileVersion.Size);
        return TypedResults.Stream(content, inline ?? entry.Node.ContentType ?? "application/octet-stream", inline is null ? entry.Name : null,
            // The current version carries the file's modified time (which a client may have set, X-OC-Mtime); an older
            // one, when it was stored.
            version is null ? entry.ModifiedAt : DateTimeOffset.FromUnixTimeMilliseconds(fileVersion.CreatedAt),
            EntityTagHeaderValue.Parse(fileVersion.ETag), enableRangeProcessing: true);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        HttpContext context, ClaimsPrincipal user, FileService files, CancellationToken cancellationToken)
    {
        var path = RequestPath.Parse(context, PrefixSegments);
        var conditions = path.IsSuccess ? FileHeaders.Preconditions(context.Request) : path.Error!;
        var result = conditions.IsSuccess
            ? await files.DeleteAsync(user.ToCaller(context.Request), path.Value, conditions.Value, cancellationToken)
            : conditions.Error!;
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }
}
