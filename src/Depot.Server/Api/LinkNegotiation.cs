using Microsoft.Net.Http.Headers;

namespace Depot.Server.Api;

/// <summary>What a GET of <c>/s/{token}[/{path}]</c> answers with; see <see cref="LinkNegotiation"/>.</summary>
internal enum LinkAnswer
{
    /// <summary>The file, or the folder as a zip (counts as a download); a drop box's static form for a browser.</summary>
    Content,

    /// <summary>The web app's index.html, which renders the link page; the link is not even looked up.</summary>
    App,

    /// <summary>A <c>PublicLinkView</c> (counts nothing).</summary>
    View,
}

/// <summary>
/// Content negotiation of the link page. A browser's navigation (Accept preferring <c>text/html</c>) gets the app, the app's
/// fetches (<c>Accept: application/json</c>) get the view, and everything else (curl's <c>*/*</c>, a download button's
/// <c>?download</c>, the no-script drop-box form at <c>?form</c>) gets the content, exactly as before the app had a page.
/// Only media types named exactly count: <c>*/*</c> must keep meaning "the file" for every existing client.
/// </summary>
internal static class LinkNegotiation
{
    public static LinkAnswer For(HttpRequest request)
    {
        if (request.Query.ContainsKey("download") || request.Query.ContainsKey("form"))
        {
            return LinkAnswer.Content;
        }

        var accept = request.GetTypedHeaders().Accept;
        var html = Quality(accept, "text/html");
        var json = Quality(accept, "application/json");
        return html > 0 && html >= json ? LinkAnswer.App
            : json > 0 ? LinkAnswer.View
            : LinkAnswer.Content;
    }

    private static double Quality(IList<MediaTypeHeaderValue> accept, string mediaType) =>
        accept.Where(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
}
