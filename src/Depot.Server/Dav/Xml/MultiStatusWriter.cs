using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// Writes a 207 Multi-Status document (RFC 4918 §13) straight to the response body as it goes, so a listing of
/// 10,000 entries is written page by page and never held in memory whole.
/// </summary>
internal sealed class MultiStatusWriter : IAsyncDisposable
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Async = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        CloseOutput = false,
    };

    private readonly XmlWriter _xml;

    private MultiStatusWriter(XmlWriter xml) => _xml = xml;

    public static async Task<MultiStatusWriter> StartAsync(HttpResponse response, string root = "multistatus")
    {
        response.StatusCode = StatusCodes.Status207MultiStatus;
        response.ContentType = "application/xml; charset=utf-8";
        var xml = XmlWriter.Create(response.Body, Settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync("D", root, DavXml.Namespace);
        return new MultiStatusWriter(xml);
    }

    /// <summary>One <c>DAV:response</c> with a <c>propstat</c> per status.</summary>
    public async Task WriteResponseAsync(string href, IEnumerable<(int Status, IReadOnlyList<DavProperty> Properties)> propstats)
    {
        await _xml.WriteStartElementAsync("D", "response", DavXml.Namespace);
        await _xml.WriteElementStringAsync("D", "href", DavXml.Namespace, href);
        foreach (var (status, properties) in propstats)
        {
            if (properties.Count == 0)
            {
                continue;
            }

            await _xml.WriteStartElementAsync("D", "propstat", DavXml.Namespace);
            await _xml.WriteStartElementAsync("D", "prop", DavXml.Namespace);
            foreach (var property in properties)
            {
                await WritePropertyAsync(property);
            }

            await _xml.WriteEndElementAsync();
            await _xml.WriteElementStringAsync("D", "status", DavXml.Namespace, StatusLine(status));
            await _xml.WriteEndElementAsync();
        }

        await _xml.WriteEndElementAsync();
    }

    /// <summary>A <c>DAV:response</c> that is only a status (e.g. one member that failed).</summary>
    public async Task WriteStatusAsync(string href, int status)
    {
        await _xml.WriteStartElementAsync("D", "response", DavXml.Namespace);
        await _xml.WriteElementStringAsync("D", "href", DavXml.Namespace, href);
        await _xml.WriteElementStringAsync("D", "status", DavXml.Namespace, StatusLine(status));
        await _xml.WriteEndElementAsync();
    }

    /// <summary>Writes a bare element (the LOCK answer's <c>DAV:lockdiscovery</c>) inside the root.</summary>
    public Task WriteElementAsync(XElement element) => element.WriteToAsync(_xml, CancellationToken.None);

    public Task FlushAsync() => _xml.FlushAsync();

    public async ValueTask DisposeAsync()
    {
        await _xml.WriteEndElementAsync();
        await _xml.WriteEndDocumentAsync();
        await _xml.FlushAsync();
        await _xml.DisposeAsync();
    }

    private async Task WritePropertyAsync(DavProperty property)
    {
        if (property.RawXml is { } raw)
        {
            await _xml.WriteRawAsync(raw);
        }
        else if (property.Value is { } element)
        {
            await element.WriteToAsync(_xml, CancellationToken.None);
        }
        else
        {
            await _xml.WriteStartElementAsync(null, property.Name.LocalName, property.Name.NamespaceName);
            await _xml.WriteEndElementAsync();
        }
    }

    public static string StatusLine(int status) =>
        $"HTTP/1.1 {status} {Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)}";
}
