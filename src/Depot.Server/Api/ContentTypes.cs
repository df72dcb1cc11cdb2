using Microsoft.AspNetCore.StaticFiles;

namespace Depot.Server.Api;

/// <summary>
/// The content type stored with an upload: the client's, unless it sent none or the generic
/// <c>application/octet-stream</c> (what curl, the CLI and most sync tools send for everything), in which case the
/// one ASP.NET Core's table gives for the file name's extension; with neither, none (served as octet-stream).
/// </summary>
internal static class ContentTypes
{
    private const string Generic = "application/octet-stream";

    private static readonly FileExtensionContentTypeProvider Table = new();

    public static string? For(string? sent, string fileName)
    {
        var declared = string.IsNullOrWhiteSpace(sent) ? null : sent;
        if (declared is not null && !declared.StartsWith(Generic, StringComparison.OrdinalIgnoreCase))
        {
            return declared;
        }

        return Table.TryGetContentType(fileName, out var inferred) ? inferred : declared;
    }
}
