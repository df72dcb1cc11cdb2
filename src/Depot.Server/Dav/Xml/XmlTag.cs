using System.Text;
using System.Xml.Linq;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// One property element's tags, encoded once as UTF-8: <c>&lt;D:name&gt;</c> for the DAV: namespace (the prefix the
/// multistatus root declares), <c>&lt;name xmlns="…"&gt;</c> for any other, the form XmlWriter chose before. Live
/// properties keep theirs in static fields; a request's named properties are encoded once per request, not per entry.
/// </summary>
internal sealed class XmlTag
{
    private XmlTag(XName name, byte[] open, byte[] close, byte[] empty)
    {
        Name = name;
        Open = open;
        Close = close;
        Empty = empty;
    }

    public XName Name { get; }

    public byte[] Open { get; }

    public byte[] Close { get; }

    /// <summary>The element with no content (propname, a 404 entry, an empty value), written <c>&lt;D:name /&gt;</c>.</summary>
    public byte[] Empty { get; }

    public static XmlTag For(XName name)
    {
        var local = name.LocalName;   // an XName's local name is a valid XML name: nothing to escape
        var ns = name.NamespaceName;
        string qualified, declaration;
        if (ns == DavXml.Namespace)
        {
            (qualified, declaration) = ("D:" + local, "");
        }
        else
        {
            (qualified, declaration) = (local, ns.Length == 0 ? "" : " xmlns=\"" + EscapeAttribute(ns) + "\"");
        }

        return new XmlTag(name,
            Encoding.UTF8.GetBytes("<" + qualified + declaration + ">"),
            Encoding.UTF8.GetBytes("</" + qualified + ">"),
            Encoding.UTF8.GetBytes("<" + qualified + declaration + " />"));
    }

    private static string EscapeAttribute(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
