using System.Text;
using System.Xml;

namespace Depot.Bench;

/// <summary>The WebDAV requests both targets share: PROPFIND with rclone's property list, HTTP Basic, and counting a multistatus.</summary>
internal static class DavRequests
{
    private const string Body =
        "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:displayname/><d:getlastmodified/>" +
        "<d:getcontentlength/><d:resourcetype/><d:getetag/></d:prop></d:propfind>";

    /// <summary>PROPFIND Depth 1 with rclone's property list, or with no body at all (allprop, as Windows and many clients send it).</summary>
    public static HttpRequestMessage Propfind(string url, bool allprop) => new(new HttpMethod("PROPFIND"), url)
    {
        Headers = { { "Depth", "1" } },
        Content = allprop ? null : new StringContent(Body, Encoding.UTF8, "application/xml"),
    };

    public static string BasicHeader(string username, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));

    public static HttpRequestMessage WithBasic(HttpRequestMessage request, string username, string password)
    {
        request.Headers.TryAddWithoutValidation("Authorization", BasicHeader(username, password));
        return request;
    }

    /// <summary>Counts <c>DAV:response</c> elements while the body streams in (never the whole document in memory).</summary>
    public static async Task<int> CountResponsesAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var xml = XmlReader.Create(body, new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit });
        var count = 0;
        while (await xml.ReadAsync())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "response" && xml.NamespaceURI == "DAV:")
            {
                count++;
            }
        }

        return count;
    }
}
