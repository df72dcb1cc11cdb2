using Depot.Core.Files;
using Depot.Core.Storage;
using Depot.Server.Api;
using Depot.Server.Dav.Locks;
using Microsoft.AspNetCore.Http.Features;

namespace Depot.Server.Dav.Handlers;

/// <summary>
/// PUT (RFC 4918 §9.7): stores a new version through <see cref="FileService.UploadAsync"/>, exactly as the REST PUT
/// does (quota, digests, versions, crash-safe order), with or without Content-Length. <c>X-OC-Mtime</c> (Unix
/// seconds, sent by ownCloud/Nextcloud clients and rclone) is the modified time, stored by the same commit; one that is
/// not Unix seconds is 400 before the body is read.
/// </summary>
internal static class PutHandler
{
    public static async Task<IResult> HandleAsync(DavRequest request)
    {
        if (request.Context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = request.Get<StorageOptions>().MaxUploadBytes;
        }

        // Before anything else, as the REST PUT (FileHeaders.Upload applies the same rule again, harmlessly).
        if (PartialWriteRule.Check(request.Request) is { } partial)
        {
            return DavResults.Error(partial, request.Method);
        }

        // A PUT onto a folder is 405 (DavStatusMap: not_a_file), refused by the upload's own checks: before the body is
        // read for any upload but a small one with a declared length, whose commit refuses it. No lookup of its own here,
        // which was a second path walk for every upload.
        var files = request.Get<FileService>();
        if (await DavWriteGuard.CheckAsync(request) is { } refused)
        {
            return refused;
        }

        var headers = FileHeaders.Upload(request.Request, request.Path, parents: false);
        var upload = headers.IsSuccess ? OcChecksumHeader.Apply(request.Request, headers.Value) : headers;
        var stored = upload.IsSuccess
            ? await files.UploadAsync(request.Caller, request.Path, request.Request.Body, upload.Value, request.Aborted)
            : upload.Error!;
        if (!stored.IsSuccess)
        {
            return DavResults.Error(stored.Error, request.Method);
        }

        ClientMtime.Acknowledge(request.Response, upload.Value.ModifiedAt);
        FileHeaders.MarkUnchanged(request.Response, stored.Value);
        request.Response.Headers.ETag = stored.Value.Entry.Node.ETag;
        return DavResults.Status(stored.Value.Created ? StatusCodes.Status201Created : StatusCodes.Status204NoContent);
    }
}
