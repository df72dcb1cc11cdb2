using Depot.Core;
using Depot.Protocol;

namespace Depot.Server.Api;

/// <summary>
/// The one rule for a <c>Content-Range</c> on a request that writes file content (REST PUT, WebDAV PUT, drop-box
/// uploads, tus creation and PATCH): refused with 400 <c>content_range_unsupported</c>. Depot stores whole versions
/// only, so a partial PUT would replace the file with the fragment; RFC 9110 §14.5 says a server that does not apply
/// a partial PUT must answer 400 rather than store the range as the whole. Resumable uploads use tus instead.
/// </summary>
internal static class PartialWriteRule
{
    public static DepotError? Check(HttpRequest request) => request.Headers.ContentRange.Count > 0
        ? new DepotError(ErrorCodes.ContentRangeUnsupported,
            "Content-Range is not supported on writes: send the whole file, or use a resumable (tus) upload for parts.")
        : null;
}
