using System.Text;
using Depot.Core;
using Depot.Core.Files;
using Depot.Protocol;
using Microsoft.AspNetCore.Http.Features;

namespace Depot.Server.Api;

/// <summary>
/// The Depot path of a request, read from the <em>raw</em> request target. Kestrel's decoded path has already
/// removed dot segments (so <c>/files/a/../b</c> would silently become <c>/files/b</c>) and leaves <c>%2F</c>
/// encoded; here every raw segment is percent-decoded as strict UTF-8 and validated by <see cref="NodeName"/>,
/// so <c>..</c>, <c>%2e%2e</c>, <c>%2F</c>, <c>%00</c> and friends answer 400 instead of addressing something else.
/// </summary>
internal static class RequestPath
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The path after the first <paramref name="prefixSegments"/> segments (e.g. 3 for <c>/api/v1/files</c>).</summary>
    public static Result<DepotPath> Parse(HttpContext context, int prefixSegments) =>
        Parse(context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/", prefixSegments);

    public static Result<DepotPath> Parse(string rawTarget, int prefixSegments)
    {
        var path = rawTarget;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        path = query < 0 ? path : path[..query];
        if (!path.StartsWith('/'))
        {
            // Absolute-form target (http://host/path): the path starts at the first slash after the authority.
            var authority = path.IndexOf("//", StringComparison.Ordinal);
            var slash = authority < 0 ? -1 : path.IndexOf('/', authority + 2);
            path = slash < 0 ? "/" : path[slash..];
        }

        var raw = path.Split('/')[(1 + prefixSegments)..];
        if (raw.Length > 0 && raw[^1].Length == 0)
        {
            raw = raw[..^1];   // one trailing slash is tolerated: "/files/docs/" is "/docs"
        }

        var segments = new string[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            var decoded = Decode(raw[i]);
            if (!decoded.IsSuccess)
            {
                return decoded.Error;
            }

            segments[i] = decoded.Value;
        }

        return DepotPath.FromSegments(segments);
    }

    private static Result<string> Decode(string segment)
    {
        var bytes = new byte[segment.Length];
        var count = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c == '%')
            {
                if (i + 2 >= segment.Length || !byte.TryParse(segment.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
                {
                    return Result<string>.Fail(ErrorCodes.InvalidPath, $"'{segment}' has a malformed percent-escape.");
                }

                bytes[count++] = b;
                i += 2;
            }
            else if (c > 0x7F)
            {
                return Result<string>.Fail(ErrorCodes.InvalidPath, "The request target must be ASCII; percent-encode each segment as UTF-8.");
            }
            else
            {
                bytes[count++] = (byte)c;
            }
        }

        try
        {
            return StrictUtf8.GetString(bytes, 0, count);
        }
        catch (DecoderFallbackException)
        {
            return Result<string>.Fail(ErrorCodes.InvalidName, $"'{segment}' does not decode to valid UTF-8.");
        }
    }
}
