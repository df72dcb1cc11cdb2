using System.Security.Claims;
using Depot.Core.Uploads;
using Depot.Server.Api;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Tus;

/// <summary>
/// tus 1.0.0 resumable uploads at <c>/api/v1/uploads</c> (docs/tus.md): OPTIONS (capabilities), POST (creation,
/// with upload), HEAD (offset), PATCH (append), DELETE (termination). The rules live in <see cref="UploadService"/>.
/// </summary>
internal static class TusEndpoints
{
    public static void MapTus(this IEndpointRouteBuilder api)
    {
        var uploads = api.MapGroup("/uploads").WithTags("Uploads");
        // Capabilities are not secret, and browsers send OPTIONS without credentials.
        uploads.MapMethods("/", [HttpMethods.Options], Options).WithName("TusOptions").AllowAnonymous();
        uploads.MapMethods("/{id}", [HttpMethods.Options], Options).WithName("TusUploadOptions").AllowAnonymous();
        uploads.MapPost("/", CreateAsync).WithName("TusCreate").RequireAuthorization().Accepts<Stream>(TusProtocol.OffsetContentType)
            .Produces(StatusCodes.Status413PayloadTooLarge).Produces(StatusCodes.Status507InsufficientStorage);
        uploads.MapMethods("/{id}", [HttpMethods.Head], HeadAsync).WithName("TusHead").RequireAuthorization();
        uploads.MapPatch("/{id}", PatchAsync).WithName("TusPatch").RequireAuthorization().Accepts<Stream>(TusProtocol.OffsetContentType)
            .Produces(StatusCodes.Status409Conflict).Produces(StatusCodes.Status423Locked).Produces(460);
        uploads.MapDelete("/{id}", DeleteAsync).WithName("TusTerminate").RequireAuthorization();
    }

    private static NoContent Options(HttpResponse response, UploadService uploads)
    {
        response.Headers[TusProtocol.TusVersion] = TusProtocol.Version;
        response.Headers[TusProtocol.TusExtension] = TusProtocol.Extensions;
        response.Headers[TusProtocol.TusMaxSize] = uploads.MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[TusProtocol.TusChecksumAlgorithm] = TusProtocol.ChecksumAlgorithms;
        return TypedResults.NoContent();
    }

    // Creation reserves quota; a body (creation-with-upload) or a zero length goes straight on as the first chunk.
    private static async Task<Results<Created, ProblemHttpResult>> CreateAsync(
        HttpContext context, ClaimsPrincipal user, UploadService uploads, CancellationToken cancellationToken)
    {
        var spec = PartialWriteRule.Check(context.Request) is { } partial ? partial : TusHeaders.Creation(context.Request, uploads.MaxSize);
        var created = spec.IsSuccess ? await uploads.CreateAsync(user.ToCaller(context.Request), spec.Value, cancellationToken) : spec.Error!;
        if (!created.IsSuccess)
        {
            return created.Error.ToProblem();
        }

        var location = $"{TusProtocol.Route}/{created.Value.Id}";
        context.Response.Headers.Location = location;
        TusHeaders.WriteState(context.Response, created.Value);
        Api.ClientMtime.Acknowledge(context.Response, created.Value.ModifiedAt);
        // A repeated creation whose first attempt already took bytes (or finished) answers with the state alone: the
        // client continues from Upload-Offset.
        var fresh = created.Value.Offset == 0 && !created.Value.IsCommitted;
        var first = fresh && (TusHeaders.HasBody(context.Request) || created.Value.Length == 0)
            ? await AppendAsync(context, user, uploads, created.Value.Id, TusHeaders.Append(context.Request, offset: 0), cancellationToken)
            : null;
        return first ?? (Results<Created, ProblemHttpResult>)TypedResults.Created(location);
    }

    // HEAD commits an upload whose bytes all arrived (after a crash, or a refusal for a WebDAV lock): it takes lock tokens too.
    private static async Task<Results<Ok, ProblemHttpResult>> HeadAsync(
        string id, HttpRequest request, HttpResponse response, ClaimsPrincipal user, UploadService uploads, CancellationToken cancellationToken)
    {
        var upload = await uploads.GetAsync(user.ToCaller(request), id, cancellationToken);
        if (!upload.IsSuccess)
        {
            return upload.Error.ToProblem();
        }

        TusHeaders.WriteState(response, upload.Value);
        if (upload.Value.Metadata is { } metadata)
        {
            response.Headers[TusProtocol.UploadMetadata] = metadata;
        }

        return TypedResults.Ok();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> PatchAsync(
        string id, HttpContext context, ClaimsPrincipal user, UploadService uploads, CancellationToken cancellationToken)
    {
        // tus places a chunk by Upload-Offset alone; a Content-Range beside it means the client expects other semantics.
        var chunk = PartialWriteRule.Check(context.Request) is { } partial ? partial : TusHeaders.Append(context.Request);
        var problem = await AppendAsync(context, user, uploads, id, chunk, cancellationToken);
        return problem is null ? TypedResults.NoContent() : problem;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, ClaimsPrincipal user, UploadService uploads, CancellationToken cancellationToken)
    {
        var result = await uploads.TerminateAsync(user.ToCaller(), id, cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }

    /// <summary>Streams one chunk; sets the state headers and answers null on success, else the problem.</summary>
    private static async Task<ProblemHttpResult?> AppendAsync(
        HttpContext context, ClaimsPrincipal user, UploadService uploads, string id, Depot.Core.Result<AppendRequest> chunk,
        CancellationToken cancellationToken)
    {
        using var receiving = TusMetrics.Receiving();
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;   // the upload's own length (or reservation) bounds the chunk instead
        }

        var result = chunk.IsSuccess ? await uploads.AppendAsync(user.ToCaller(context.Request), id, chunk.Value, context.Request.Body, cancellationToken) : chunk.Error!;
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        TusHeaders.WriteState(context.Response, result.Value.Upload);
        if (result.Value.Committed is { } file)
        {
            context.Response.Headers.ETag = file.Entry.Node.ETag;
            context.Response.Headers.ContentLocation = file.Entry.Location();
            FileHeaders.MarkUnchanged(context.Response, file);
        }

        return null;
    }
}
