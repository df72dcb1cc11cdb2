using System.Text;
using Depot.Core;
using Depot.Core.Files;
using Depot.Core.Uploads;
using Depot.Protocol;

namespace Depot.Server.Tus;

/// <summary>
/// <c>Upload-Metadata</c>: comma-separated "key base64value" pairs (tus creation extension). Depot reads the target
/// and how to commit it from these keys (docs/tus.md): <c>path</c> (the full Depot path), or <c>filename</c>/<c>name</c>
/// in <c>folder</c> (default "/"); optional <c>contentType</c> (or <c>filetype</c>/<c>type</c>, as tus-js-client and Uppy
/// send), <c>sha256</c> (hex, of the whole file), <c>ifMatch</c>, <c>ifNoneMatch</c> and <c>parents</c> ("true").
/// The target is validated here with the one name rule, so a bad name fails at creation.
/// </summary>
internal static class TusMetadata
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Result<NewUpload> ToUpload(string? header, long? length, long? modifiedAt = null)
    {
        var pairs = Parse(header);
        if (!pairs.IsSuccess)
        {
            return pairs.Error;
        }

        var values = pairs.Value;
        var path = values.GetValueOrDefault("path") is { } full ? DepotPath.Parse(full)
            : (values.GetValueOrDefault("filename") ?? values.GetValueOrDefault("name")) is { } name ? InFolder(values.GetValueOrDefault("folder"), name)
            : Result<DepotPath>.Fail(ErrorCodes.InvalidRequest, "Upload-Metadata must name the target: 'path', or 'filename' (and 'folder').");
        var sha256 = values.GetValueOrDefault("sha256")?.ToLowerInvariant();
        var conditions = WritePreconditions.Parse(values.GetValueOrDefault("ifMatch"), values.GetValueOrDefault("ifNoneMatch"));
        if (!path.IsSuccess || !conditions.IsSuccess)
        {
            return (path.Error ?? conditions.Error)!;
        }

        if (path.Value.IsRoot || (sha256 is not null && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))))
        {
            return Result<NewUpload>.Fail(path.Value.IsRoot ? ErrorCodes.NotAFile : ErrorCodes.InvalidRequest,
                path.Value.IsRoot ? "The root is a folder." : "Metadata 'sha256' must be 64 hex digits.");
        }

        var contentType = values.GetValueOrDefault("contentType") ?? values.GetValueOrDefault("filetype") ?? values.GetValueOrDefault("type");
        var parents = values.GetValueOrDefault("parents") is "true" or "1";
        return new NewUpload(path.Value, length, header,
            new UploadRequest(length, Api.ContentTypes.For(contentType, path.Value.Name), sha256, conditions.Value, parents, ModifiedAt: modifiedAt));
    }

    /// <summary>The pairs, keys unique and values decoded as UTF-8; a key without value maps to "".</summary>
    public static Result<Dictionary<string, string>> Parse(string? header)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts[0].Length == 0 || pairs.ContainsKey(parts[0]))
            {
                return Malformed($"key '{parts[0]}' is empty or repeated");
            }

            try
            {
                pairs[parts[0]] = parts.Length == 1 ? "" : StrictUtf8.GetString(Convert.FromBase64String(parts[1]));
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return Malformed($"the value of '{parts[0]}' is not base64 of UTF-8 text");
            }
        }

        return pairs;
    }

    private static Result<DepotPath> InFolder(string? folder, string name)
    {
        var parent = DepotPath.Parse(folder ?? "/");
        var leaf = parent.IsSuccess ? NodeName.Normalize(name) : parent.Error!;
        return leaf.IsSuccess ? DepotPath.FromSegments([.. parent.Value.Segments, leaf.Value]) : leaf.Error;
    }

    private static Result<Dictionary<string, string>> Malformed(string detail) =>
        Result<Dictionary<string, string>>.Fail(ErrorCodes.InvalidRequest, $"Upload-Metadata is malformed: {detail}.");
}
