using System.Text;
using System.Xml;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// Writes a 207 Multi-Status document (RFC 4918 §13) straight into the response as it goes, so a listing of 10,000
/// entries is sent in pieces and never held in memory whole. The XmlWriter is synchronous and writes into the
/// response pipe's memory (<see cref="PipeBufferStream"/>); only sending is asynchronous. An asynchronous XmlWriter
/// awaits every element it writes and sends every few kilobytes: this took a sixth off the server's CPU time for a
/// 5,000-entry PROPFIND (bench/README.md's workload).
/// </summary>
internal sealed class MultiStatusWriter : IAsyncDisposable
{
    // Send once this much has gathered: a few sends for a large listing, and little memory held per request.
    private const int SendThreshold = 64 * 1024;

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        CloseOutput = false,
    };

    private readonly PipeBufferStream _out;
    private readonly XmlWriter _xml;

    private MultiStatusWriter(PipeBufferStream output)
    {
        _out = output;
        _xml = XmlWriter.Create(output, Settings);
    }

    public static MultiStatusWriter Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status207MultiStatus;
        response.ContentType = "application/xml; charset=utf-8";
        var writer = new MultiStatusWriter(new PipeBufferStream(response.BodyWriter));
        writer._xml.WriteStartDocument();
        writer._xml.WriteStartElement("D", "multistatus", DavXml.Namespace);
        return writer;
    }

    /// <summary>One <c>DAV:response</c> with a <c>propstat</c> per status.</summary>
    public Task WriteResponseAsync(string href, IEnumerable<(int Status, IReadOnlyList<DavProperty> Properties)> propstats)
    {
        _xml.WriteStartElement("D", "response", DavXml.Namespace);
        _xml.WriteElementString("D", "href", DavXml.Namespace, href);
        foreach (var (status, properties) in propstats)
        {
            if (properties.Count == 0)
            {
                continue;
            }

            _xml.WriteStartElement("D", "propstat", DavXml.Namespace);
            _xml.WriteStartElement("D", "prop", DavXml.Namespace);
            foreach (var property in properties)
            {
                WriteProperty(property);
            }

            _xml.WriteEndElement();
            _xml.WriteElementString("D", "status", DavXml.Namespace, StatusLine(status));
            _xml.WriteEndElement();
        }

        _xml.WriteEndElement();
        return _out.Pending >= SendThreshold ? FlushAsync() : Task.CompletedTask;
    }

    /// <summary>Sends what has been written so far.</summary>
    public Task FlushAsync()
    {
        _xml.Flush();
        return _out.FlushAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        _xml.WriteEndElement();
        _xml.WriteEndDocument();
        _xml.Dispose();
        await _out.FlushAsync(CancellationToken.None);
    }

    private void WriteProperty(DavProperty property)
    {
        if (property.RawXml is { } raw)
        {
            _xml.WriteRaw(raw);
        }
        else if (property.Text is { } text)
        {
            _xml.WriteStartElement(null, property.Name.LocalName, property.Name.NamespaceName);
            _xml.WriteString(text);
            _xml.WriteEndElement();
        }
        else if (property.Value is { } element)
        {
            element.WriteTo(_xml);
        }
        else
        {
            _xml.WriteStartElement(null, property.Name.LocalName, property.Name.NamespaceName);
            _xml.WriteEndElement();
        }
    }

    public static string StatusLine(int status) =>
        $"HTTP/1.1 {status} {Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)}";
}
