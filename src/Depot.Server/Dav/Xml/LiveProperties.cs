using System.Globalization;
using System.Xml.Linq;
using Depot.Core.Files;
using Depot.Core.Locks;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// The live properties Depot computes (RFC 4918 §15, RFC 4331 quota), and two that sync clients read: ownCloud's
/// <c>oc:checksums</c> (rclone with vendor owncloud/nextcloud, ownCloud/Nextcloud clients) and Windows'
/// <c>Win32LastModifiedTime</c>. None of them can be set by PROPPATCH except the modified time (<see cref="SetsModifiedTime"/>).
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

    public static readonly XNamespace OwnCloud = "http://owncloud.org/ns";
    public static readonly XNamespace Microsoft = "urn:schemas-microsoft-com:";

    /// <summary>
    /// Nextcloud's form, <c>&lt;oc:checksum&gt;SHA1:… MD5:… SHA256:…&lt;/oc:checksum&gt;</c>: rclone splits it on spaces and
    /// takes <c>sha1:</c> and <c>md5:</c> (case-insensitively); ownCloud clients pick the type they know.
    /// </summary>
    public static readonly XName Checksums = OwnCloud + "checksums";

    /// <summary>ownCloud's settable time, Unix seconds (rclone's PROPPATCH with propset_mtime); only ever set, never listed.</summary>
    public static readonly XName OwnCloudLastModified = DavXml.D + "lastmodified";

    public static readonly XName Win32LastModified = Microsoft + "Win32LastModifiedTime";

    /// <summary>What allprop returns besides dead properties (RFC 4918 §9.1: the live properties it defines; not quota, RFC 4331 §3).</summary>
    public static readonly IReadOnlyList<XName> AllProp =
        [CreationDate, DisplayName, ContentLength, ContentType, ETag, LastModified, ResourceType, SupportedLock, LockDiscovery];

    private static readonly HashSet<XName> All = [.. AllProp, QuotaAvailable, QuotaUsed, Checksums, Win32LastModified, OwnCloudLastModified];

    public static bool IsLive(XName name) => All.Contains(name);

    /// <summary>The properties a PROPPATCH may set to change the modified time (docs/webdav.md).</summary>
    public static bool SetsModifiedTime(XName name) => name == LastModified || name == OwnCloudLastModified || name == Win32LastModified;

    /// <summary>The names that exist on this resource (propname, allprop): files have a length and type, folders do not.</summary>
    public static IEnumerable<XName> NamesFor(NodeEntry entry) =>
        entry.Node.IsFolder ? AllProp.Where(n => n != ContentLength && n != ContentType) : AllProp;

    /// <summary>
    /// The property's value on <paramref name="entry"/>, or null when it has none (answered 404). Plain values are text,
    /// written straight into the answer; the fixed structures are shared elements: a 5,000-entry listing then builds no
    /// element trees (it built about 70,000).
    /// </summary>
    public static DavProperty? Value(XName name, NodeEntry entry, ResourceContext context)
    {
        var node = entry.Node;
        if (name == Checksums)
        {
            return node.IsFolder ? null : new DavProperty(name, ChecksumsOf(node));
        }

        if (name == Win32LastModified)
        {
            return Text(name, entry.ModifiedAt.ToString("R", CultureInfo.InvariantCulture));
        }

        return name.LocalName switch
        {
            _ when name.Namespace != DavXml.D => null,
            "creationdate" => Text(name, entry.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            "displayname" => Text(name, entry.Name),
            "getcontentlength" when !node.IsFolder => Text(name, node.Size.ToString(CultureInfo.InvariantCulture)),
            "getcontenttype" when !node.IsFolder => Text(name, node.ContentType ?? "application/octet-stream"),
            "getetag" => Text(name, node.ETag),
            "getlastmodified" => Text(name, entry.ModifiedAt.ToString("R", CultureInfo.InvariantCulture)),
            "resourcetype" => node.IsFolder ? CollectionType : FileType,
            "supportedlock" => Supported,
            "lockdiscovery" => context.LocksOn(entry).Select(l => ActiveLock(l, context.Now)).ToList() is { Count: > 0 } locks
                ? new DavProperty(name, new XElement(name, locks))
                : NoLocks,
            "quota-available-bytes" when context.Quota is { } q =>
                Text(name, (q.Limit is { } limit ? Math.Max(0, limit - q.Used) : long.MaxValue / 2).ToString(CultureInfo.InvariantCulture)),
            "quota-used-bytes" when context.Quota is { } q => Text(name, q.Used.ToString(CultureInfo.InvariantCulture)),
            _ => null,
        };
    }

    // Shared by every answer: the writer only reads them.
    private static readonly DavProperty CollectionType = new(ResourceType, new XElement(ResourceType, new XElement(DavXml.D + "collection")));
    private static readonly DavProperty FileType = new(ResourceType, new XElement(ResourceType));
    private static readonly DavProperty Supported = new(SupportedLock, new XElement(SupportedLock, LockEntry("exclusive"), LockEntry("shared")));
    private static readonly DavProperty NoLocks = new(LockDiscovery, new XElement(LockDiscovery));

    private static DavProperty Text(XName name, string text) => new(name, Text: text);

    /// <summary>The checksums the file has: versions stored before SHA-1/MD5 were kept omit them rather than send them empty.</summary>
    private static XElement ChecksumsOf(Node node)
    {
        var sums = new List<string>(3);
        if (node.Sha1 is { } sha1)
        {
            sums.Add("SHA1:" + sha1);
        }

        if (node.Md5 is { } md5)
        {
            sums.Add("MD5:" + md5);
        }

        if (node.Sha256 is { } sha256)
        {
            sums.Add("SHA256:" + sha256);
        }

        return new XElement(Checksums, new XElement(OwnCloud + "checksum", string.Join(' ', sums)));
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
