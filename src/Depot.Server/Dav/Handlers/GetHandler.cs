using System.Text;
using Depot.Core.Files;
using Depot.Protocol;
using Depot.Server.Api;
using Microsoft.Net.Http.Headers;

namespace Depot.Server.Dav.Handlers;

/// <summary>
/// GET and HEAD: a file's content with the framework's Range, If-Range, If-None-Match and If-Match handling, as in
/// REST; Last-Modified is the modified time clients may set. A folder answers a short plain-text note.
/// </summary>
internal static class GetHandler
{
    private const string FolderNote = "This is a WebDAV folder. Open it with a WebDAV client; see docs/webdav.md.\n";

    public static async Task<IResult> HandleAsync(DavRequest request)
    {
        var opened = await request.Get<FileService>().OpenReadAsync(
            request.Caller, request.Path, null, ExpectedRange.Of(request.Request), request.Aborted);
        if (!opened.IsSuccess)
        {
            return opened.Error.Code == ErrorCodes.NotAFile
                ? TypedResults.Text(FolderNote, "text/plain; charset=utf-8", Encoding.UTF8)
                : DavResults.Error(opened.Error, request.Method);
        }

        var (entry, version, content) = opened.Value;
        request.Response.Headers[FileHeaders.ReprDigest] = DigestHeader.Format(version.Sha256);
        LargeDownloadBody.Apply(request.Context, version.Size);
        return TypedResults.Stream(content, entry.Node.ContentType ?? "application/octet-stream", entry.Name,
            entry.ModifiedAt, EntityTagHeaderValue.Parse(version.ETag), enableRangeProcessing: true);
    }
}
