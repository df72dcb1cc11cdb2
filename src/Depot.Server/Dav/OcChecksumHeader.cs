using Depot.Core;
using Depot.Core.Files;
using Depot.Protocol;

namespace Depot.Server.Dav;

/// <summary>
/// <c>OC-Checksum: TYPE:hex</c> on a WebDAV PUT (ownCloud's checksum extension; rclone with vendor owncloud/nextcloud
/// sends <c>SHA1:…</c> or <c>MD5:…</c>): the declared digest of the body, verified before anything is stored
/// (<c>digest_mismatch</c>, 400, as ownCloud answers). Types Depot does not compute (ADLER32) are ignored.
/// </summary>
internal static class OcChecksumHeader
{
    public const string Name = "OC-Checksum";

    public static Result<UploadRequest> Apply(HttpRequest request, UploadRequest upload)
    {
        var value = request.Headers[Name].ToString().Trim();
        if (value.Length == 0)
        {
            return upload;
        }

        var parts = value.Split(':', 2);
        var (type, hex) = (parts[0].Trim().ToUpperInvariant(), parts.Length == 2 ? parts[1].Trim().ToLowerInvariant() : "");
        var size = type switch { "SHA1" => 40, "MD5" => 32, "SHA256" => 64, _ => 0 };
        if (size == 0)
        {
            return upload;
        }

        if (hex.Length != size || !hex.All(char.IsAsciiHexDigitLower))
        {
            return Result<UploadRequest>.Fail(ErrorCodes.InvalidRequest, $"{Name} must be {type}: and {size} hex digits.");
        }

        if (type == "SHA256" && upload.Sha256 is { } declared && declared != hex)
        {
            return Result<UploadRequest>.Fail(ErrorCodes.DigestMismatch, $"{Name} and the digest headers declare different SHA-256 values.");
        }

        return type switch
        {
            "SHA1" => upload with { Sha1 = hex },
            "MD5" => upload with { Md5 = hex },
            _ => upload with { Sha256 = hex },
        };
    }
}
