using System.Globalization;
using System.Xml.Linq;
using Depot.Core.Files;
using Depot.Core.Locks;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// The live properties Depot computes (RFC 4918 §15, RFC 4331 quota). None of them can be set by PROPPATCH except
/// <c>getlastmodified</c>, which sets the modified time (documented in docs/webdav.md).
/// </summary>
internal static class LiveProperties
{
    public static readonly XName CreationDate = DavXml.D + "creationdate";
    public static readonly XName DisplayName = DavXml.D + "displayname";
    public static readonly XName ContentLength = DavXml.D + "getcontentlength";
    public static readonly XName ContentType = DavXml.D + "getcontenttype";
    public static readonly XName ETag = DavXml.D + "getetag";
    public static readonly XName LastModified = DavXml.D + "getlastmodified";
    public static readonly XName ResourceType = DavXml.D + "resourcetype";
    public static readonly XName SupportedLock = DavXml.D + "supportedlock";
    public static readonly XName LockDiscovery = DavXml.D + "lockdiscovery";
    public static readonly XName QuotaAvailable = DavXml.D + "quota-available-bytes";
    public static readonly XName QuotaUsed = DavXml.D + "quota-used-bytes";

    /// <summary>What allprop returns besides dead properties (RFC 4918 §9.1: the live properties it defines; not quota, RFC 4331 §3).</summary>
    public static readonly IReadOnlyList<XName> AllProp =
        [CreationDate, DisplayName, ContentLength, ContentType, ETag, LastModified, ResourceType, SupportedLock, LockDiscovery];

    private static readonly HashSet<XName> All = [.. AllProp, QuotaAvailable, QuotaUsed];

    public static bool IsLive(XName name) => All.Contains(name);

    /// <summary>The names that exist on this resource (propname, allprop): files have a length and type, folders do not.</summary>
    public static IEnumerable<XName> NamesFor(NodeEntry entry) =>
        entry.Node.IsFolder ? AllProp.Where(n => n != ContentLength && n != ContentType) : AllProp;

    /// <summary>The property's value on <paramref name="entry"/>, or null when it has none (answered 404).</summary>
    public static XElement? Value(XName name, NodeEntry entry, ResourceContext context)
    {
        var node = entry.Node;
        return name.LocalName switch
        {
            _ when name.Namespace != DavXml.D => null,
            "creationdate" => new XElement(name, entry.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            "displayname" => new XElement(name, entry.Name),
            "getcontentlength" when !node.IsFolder => new XElement(name, node.Size.ToString(CultureInfo.InvariantCulture)),
            "getcontenttype" when !node.IsFolder => new XElement(name, node.ContentType ?? "application/octet-stream"),
            "getetag" => new XElement(name, node.ETag),
            "getlastmodified" => new XElement(name, entry.ModifiedAt.ToString("R", CultureInfo.InvariantCulture)),
            "resourcetype" => node.IsFolder ? new XElement(name, new XElement(DavXml.D + "collection")) : new XElement(name),
            "supportedlock" => new XElement(name, LockEntry("exclusive"), LockEntry("shared")),
            "lockdiscovery" => new XElement(name, context.LocksOn(entry).Select(l => ActiveLock(l, context.Now))),
            "quota-available-bytes" when context.Quota is { } q =>
                new XElement(name, (q.Limit is { } limit ? Math.Max(0, limit - q.Used) : long.MaxValue / 2).ToString(CultureInfo.InvariantCulture)),
            "quota-used-bytes" when context.Quota is { } q => new XElement(name, q.Used.ToString(CultureInfo.InvariantCulture)),
            _ => null,
        };
    }

    /// <summary>One <c>DAV:activelock</c> (§14.1), as in lockdiscovery and the LOCK answer.</summary>
    public static XElement ActiveLock(LockView l, long now) => new(DavXml.D + "activelock",
        new XElement(DavXml.D + "locktype", new XElement(DavXml.D + "write")),
        new XElement(DavXml.D + "lockscope", new XElement(DavXml.D + (l.Exclusive ? "exclusive" : "shared"))),
        new XElement(DavXml.D + "depth", l.Infinite ? "infinity" : "0"),
        l.OwnerXml is null ? null : DavXml.ParseStored(l.OwnerXml, DavXml.MaxLockOwnerBytes),
        new XElement(DavXml.D + "timeout", "Second-" + Math.Max(0, (l.ExpiresAt - now + 999) / 1000).ToString(CultureInfo.InvariantCulture)),
        new XElement(DavXml.D + "locktoken", new XElement(DavXml.D + "href", l.Token)),
        new XElement(DavXml.D + "lockroot", new XElement(DavXml.D + "href", DavHref.ForLockRoot(l.Root))));

    private static XElement LockEntry(string scope) => new(DavXml.D + "lockentry",
        new XElement(DavXml.D + "lockscope", new XElement(DavXml.D + scope)),
        new XElement(DavXml.D + "locktype", new XElement(DavXml.D + "write")));
}
