using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Depot.Server.Api;

/// <summary>
/// Which downloads a browser may show in place (<c>?disposition=inline</c>), and the headers that keep any file from
/// running script in Depot's origin. The type comes from the name's extension against an allow-list, never from the
/// Content-Type the uploader declared: raster images, PDF, audio, video and plain text. SVG, HTML, XML and script are
/// never inline; text is always <c>text/plain; charset=utf-8</c>, so a browser shows it and never interprets it.
/// </summary>
internal static class InlinePreview
{
    private static readonly FileExtensionContentTypeProvider Types = new();

    private static readonly HashSet<string> Images = new(StringComparer.Ordinal) { "image/png", "image/jpeg", "image/gif", "image/webp" };

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".txt", ".text", ".log", ".md", ".markdown", ".csv", ".tsv", ".json", ".yaml", ".yml", ".toml", ".ini", ".conf", ".cfg",
        ".cs", ".fs", ".ts", ".tsx", ".py", ".rb", ".go", ".rs", ".java", ".kt", ".c", ".h", ".cpp", ".hpp", ".sh", ".sql", ".css",
    };

    // Attachments and inline text or images: a sandboxed document that may load nothing (so not even an injected script
    // could run, or reach Depot's origin), framed by no one. Images and media documents need their own bytes and styles.
    private const string Sandboxed = "sandbox; default-src 'none'; frame-ancestors 'none'";
    private const string SandboxedMedia = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    // Chromium will not show a PDF in a sandboxed document; its viewer runs outside the page's origin, which still
    // loads nothing. Only Depot's own web app may frame it: its preview shows a PDF in the browser's viewer in place.
    private const string Pdf = "default-src 'none'; object-src 'self'; frame-ancestors 'self'";

    /// <summary>The content type to serve <paramref name="name"/> inline as, or null when it must be an attachment.</summary>
    public static string? TypeFor(string name)
    {
        if (TextExtensions.Contains(Path.GetExtension(name)))
        {
            return "text/plain; charset=utf-8";
        }

        if (!Types.TryGetContentType(name, out var type))
        {
            return null;
        }

        return type == "text/plain" ? "text/plain; charset=utf-8"
            : Images.Contains(type) || type == "application/pdf"
              || type.StartsWith("audio/", StringComparison.Ordinal) || type.StartsWith("video/", StringComparison.Ordinal) ? type
            : null;
    }

    /// <summary>Sets the disposition and policy headers of a file download.</summary>
    public static void Apply(HttpResponse response, string name, string? inlineType)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = inlineType switch
        {
            null => Sandboxed,
            "application/pdf" => Pdf,
            _ when inlineType.StartsWith("text/", StringComparison.Ordinal) => Sandboxed,
            _ => SandboxedMedia,
        };
        if (inlineType == "application/pdf")
        {
            response.Headers.XFrameOptions = "SAMEORIGIN";
        }

        if (inlineType is not null)
        {
            var disposition = new ContentDispositionHeaderValue("inline");
            disposition.SetHttpFileName(name);
            response.Headers.ContentDisposition = disposition.ToString();
        }
    }
}
