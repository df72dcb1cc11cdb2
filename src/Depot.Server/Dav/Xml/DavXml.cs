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

    /// <summary>
    /// 32 levels inside one property value: real clients store flat values (Windows' Win32 attributes, Office's
    /// lock owner, ownCloud's favourites) one or two levels deep. Past it a body is refused (400) before it is loaded.
    /// </summary>
    public const int MaxValueDepth = 32;

    /// <summary>A whole body nests at most this deep: WebDAV's own elements take 4 levels (propertyupdate, set, prop, property).</summary>
    public const int MaxDepth = MaxValueDepth + 4;

    /// <summary>64 KiB for one stored dead property, serialized: the largest values clients set are a few hundred bytes.</summary>
    public const int MaxPropertyBytes = 64 * 1024;

    /// <summary>4 KiB for a lock's owner element, shown back in every lockdiscovery: clients put a name or a URL there.</summary>
    public const int MaxLockOwnerBytes = 4 * 1024;

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
            // A linear pass that stops at the first element too deep, before anything builds a tree (deep trees cost
            // quadratic time to serialize: a 50,000-deep property took 3.9 s).
            if (TooDeep(body))
            {
                return Result<XDocument?>.Fail(ErrorCodes.InvalidRequest,
                    $"The body nests elements more than {MaxDepth} levels deep (a property value may nest {MaxValueDepth}).");
            }

            body.Position = 0;
            using var reader = XmlReader.Create(body, ReaderSettings);
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return Result<XDocument?>.Fail(ErrorCodes.InvalidRequest, $"The body is not acceptable XML: {e.Message}");
        }
    }

    /// <summary>
    /// A stored fragment (a lock's owner) as an element, or null when it is larger than <paramref name="maxBytes"/>:
    /// rows written before the bound existed are left out rather than parsed and shown on every lookup.
    /// </summary>
    public static XElement? ParseStored(string xml, int maxBytes) => xml.Length > maxBytes ? null : XElement.Parse(xml);

    /// <summary>An element as a self-contained string: it declares every namespace it uses.</summary>
    public static string Serialize(XElement element) => new XElement(element).ToString(SaveOptions.DisableFormatting);

    private static bool TooDeep(Stream body)
    {
        using var reader = XmlReader.Create(body, ReaderSettings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth >= MaxDepth)
            {
                return true;
            }
        }

        return false;
    }

    private static Result<XDocument?> TooLarge() =>
        Result<XDocument?>.Fail(ErrorCodes.PayloadTooLarge, $"WebDAV request bodies are limited to {MaxBodyBytes} bytes.");
}
