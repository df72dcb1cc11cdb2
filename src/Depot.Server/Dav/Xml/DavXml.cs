using System.Buffers;
using System.Xml;
using System.Xml.Linq;
using Depot.Core;
using Depot.Protocol;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// Reading WebDAV request bodies safely: bounded in size, no DTDs (so no entity expansion, "billion laughs"), no
/// external resolution (so no XXE), read fully before parsing so a slow client never holds a parser.
/// </summary>
internal static class DavXml
{
    public const string Namespace = "DAV:";

    /// <summary>1 MiB: a PROPPATCH of hundreds of properties fits; a body past it is refused (413) before it is parsed.</summary>
    public const int MaxBodyBytes = 1 << 20;

    public static readonly XNamespace D = Namespace;

    public static XmlReaderSettings ReaderSettings { get; } = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxBodyBytes,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
    };

    /// <summary>The body as an XML document; null when there is no body. Malformed or hostile XML is <c>invalid_request</c>.</summary>
    public static async Task<Result<XDocument?>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!DavHeaders.HasBody(request))
        {
            return Result<XDocument?>.Ok(null);
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        using var body = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > MaxBodyBytes)
                {
                    return TooLarge();
                }

                body.Write(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();   // Kestrel's own body limit (the same 1 MiB by default) came first
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (body.Length == 0)
        {
            return Result<XDocument?>.Ok(null);
        }

        body.Position = 0;
        try
        {
            using var reader = XmlReader.Create(body, ReaderSettings);
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return Result<XDocument?>.Fail(ErrorCodes.InvalidRequest, $"The body is not acceptable XML: {e.Message}");
        }
    }

    /// <summary>An element as a self-contained string: it declares every namespace it uses.</summary>
    public static string Serialize(XElement element) => new XElement(element).ToString(SaveOptions.DisableFormatting);

    private static Result<XDocument?> TooLarge() =>
        Result<XDocument?>.Fail(ErrorCodes.PayloadTooLarge, $"WebDAV request bodies are limited to {MaxBodyBytes} bytes.");
}
