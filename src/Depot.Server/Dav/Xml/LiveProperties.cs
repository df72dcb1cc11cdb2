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

    /// <summary>Whether <paramref name="entry"/> has the live property <paramref name="name"/> (a named one it lacks is answered 404).</summary>
    public static bool Has(XName name, NodeEntry entry, ResourceContext context)
    {
        var folder = entry.Node.IsFolder;
        if (name == Checksums)
        {
            return !folder;
        }

        return name == Win32LastModified || (name.Namespace == DavXml.D && name.LocalName switch
        {
            "creationdate" or "displayname" or "getetag" or "getlastmodified" or "resourcetype" or "supportedlock" or "lockdiscovery" => true,
            "getcontentlength" or "getcontenttype" => !folder,
            "quota-available-bytes" or "quota-used-bytes" => context.Quota is not null,
            _ => false,
        });
    }

    /// <summary>
    /// Writes the property's value on <paramref name="entry"/>, which <see cref="Has"/> said it has. Plain values are
    /// formatted straight into the answer and the fixed structures are markup encoded once: a 5,000-entry listing
    /// builds no element trees and almost no strings.
    /// </summary>
    public static void Write(MultiStatusWriter writer, XName name, NodeEntry entry, ResourceContext context)
    {
        var node = entry.Node;
        if (name == Checksums)
        {
            WriteChecksums(writer, node);
            return;
        }

        if (name == Win32LastModified)
        {
            writer.HttpDate(Win32LastModifiedTag, entry.ModifiedAt);
            return;
        }

        switch (name.LocalName)
        {
            case "creationdate":
                writer.IsoDate(CreationDateTag, entry.CreatedAt);
                break;
            case "displayname":
                writer.Text(DisplayNameTag, entry.Name);
                break;
            case "getcontentlength":
                writer.Number(ContentLengthTag, node.Size);
                break;
            case "getcontenttype":
                writer.Text(ContentTypeTag, node.ContentType ?? "application/octet-stream");
                break;
            case "getetag":
                WriteETag(writer, node);
                break;
            case "getlastmodified":
                writer.HttpDate(LastModifiedTag, entry.ModifiedAt);
                break;
            case "resourcetype":
                writer.Raw(node.IsFolder ? "<D:resourcetype><D:collection /></D:resourcetype>"u8 : "<D:resourcetype />"u8);
                break;
            case "supportedlock":
                writer.Raw(SupportedLockXml);
                break;
            case "lockdiscovery":
                WriteLockDiscovery(writer, entry, context);
                break;
            case "quota-available-bytes":
                var (limit, used) = context.Quota!.Value;
                writer.Number(QuotaAvailableTag, limit is { } l ? Math.Max(0, l - used) : long.MaxValue / 2);
                break;
            case "quota-used-bytes":
                writer.Number(QuotaUsedTag, context.Quota!.Value.Used);
                break;
            default:
                throw new InvalidOperationException($"{name} is not a live property with a value.");
        }
    }

    /// <summary>The element's tags, encoded once for live properties, per call for any other name.</summary>
    public static XmlTag Tag(XName name) => Tags.TryGetValue(name, out var tag) ? tag : XmlTag.For(name);

    private static readonly Dictionary<XName, XmlTag> Tags = All.ToDictionary(n => n, XmlTag.For);
    private static readonly XmlTag CreationDateTag = Tags[CreationDate];
    private static readonly XmlTag DisplayNameTag = Tags[DisplayName];
    private static readonly XmlTag ContentLengthTag = Tags[ContentLength];
    private static readonly XmlTag ContentTypeTag = Tags[ContentType];
    private static readonly XmlTag ETagTag = Tags[ETag];
    private static readonly XmlTag LastModifiedTag = Tags[LastModified];
    private static readonly XmlTag QuotaAvailableTag = Tags[QuotaAvailable];
    private static readonly XmlTag QuotaUsedTag = Tags[QuotaUsed];
    private static readonly XmlTag Win32LastModifiedTag = Tags[Win32LastModified];

    private static readonly byte[] SupportedLockXml =
        "<D:supportedlock><D:lockentry><D:lockscope><D:exclusive /></D:lockscope><D:locktype><D:write /></D:locktype></D:lockentry><D:lockentry><D:lockscope><D:shared /></D:lockscope><D:locktype><D:write /></D:locktype></D:lockentry></D:supportedlock>"u8.ToArray();

    // The strong entity-tag, quoted as in HTTP (Node.ETag), written without building the string.
    private static void WriteETag(MultiStatusWriter writer, Node node)
    {
        writer.Raw(ETagTag.Open);
        writer.Raw("\""u8);
        if (node.Kind == NodeKind.File)
        {
            writer.Text(node.Sha256 ?? "");
        }
        else
        {
            writer.Text(node.Id);
            writer.Raw("-"u8);
            writer.Number(node.Revision);
        }

        writer.Raw("\""u8);
        writer.Raw(ETagTag.Close);
    }

    private static void WriteLockDiscovery(MultiStatusWriter writer, NodeEntry entry, ResourceContext context)
    {
        var any = false;
        foreach (var l in context.LocksOn(entry))
        {
            writer.Raw(any ? ""u8 : "<D:lockdiscovery>"u8);
            WriteActiveLock(writer, l, context.Now);
            any = true;
        }

        writer.Raw(any ? "</D:lockdiscovery>"u8 : "<D:lockdiscovery />"u8);
    }

    // What ActiveLock builds, written straight: the owner is stored as a self-contained element (DavXml.Serialize) and
    // goes in as it is, unless it is over the bound (rows written before the bound existed), as ParseStored leaves it out.
    private static void WriteActiveLock(MultiStatusWriter writer, LockView l, long now)
    {
        writer.Raw("<D:activelock><D:locktype><D:write /></D:locktype><D:lockscope>"u8);
        writer.Raw(l.Exclusive ? "<D:exclusive />"u8 : "<D:shared />"u8);
        writer.Raw(l.Infinite ? "</D:lockscope><D:depth>infinity</D:depth>"u8 : "</D:lockscope><D:depth>0</D:depth>"u8);
        if (l.OwnerXml is { } owner && owner.Length <= DavXml.MaxLockOwnerBytes)
        {
            writer.RawMarkup(owner);
        }

        writer.Raw("<D:timeout>Second-"u8);
        writer.Number(Math.Max(0, (l.ExpiresAt - now + 999) / 1000));
        writer.Raw("</D:timeout><D:locktoken><D:href>"u8);
        writer.Text(l.Token);
        writer.Raw("</D:href></D:locktoken><D:lockroot><D:href>"u8);
        writer.Text(DavHref.ForLockRoot(l.Root));
        writer.Raw("</D:href></D:lockroot></D:activelock>"u8);
    }

    /// <summary>The checksums the file has: versions stored before SHA-1/MD5 were kept omit them rather than send them empty.</summary>
    private static void WriteChecksums(MultiStatusWriter writer, Node node)
    {
        writer.Raw("<checksums xmlns=\"http://owncloud.org/ns\"><checksum>"u8);
        var first = true;
        foreach (var (label, sum) in (ReadOnlySpan<(string, string?)>)[("SHA1:", node.Sha1), ("MD5:", node.Md5), ("SHA256:", node.Sha256)])
        {
            if (sum is null)
            {
                continue;
            }

            writer.Raw(first ? ""u8 : " "u8);
            writer.Text(label);
            writer.Text(sum);
            first = false;
        }

        writer.Raw("</checksum></checksums>"u8);
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
}
