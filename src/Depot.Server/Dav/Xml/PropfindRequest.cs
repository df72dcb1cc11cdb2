using System.Xml.Linq;
using Depot.Core;
using Depot.Protocol;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// A PROPFIND body (RFC 4918 §9.1, §14.20): all properties (with <c>include</c>d extras), only their names, or the
/// named ones. No body is allprop.
/// </summary>
internal sealed record PropfindRequest(PropfindKind Kind, IReadOnlyList<XName> Names)
{
    public static PropfindRequest AllProp { get; } = new(PropfindKind.AllProp, []);

    /// <summary>The tags of <see cref="Names"/>, in the same order, encoded once per request rather than once per entry.</summary>
    public IReadOnlyList<XmlTag> Tags { get; } = [.. Names.Select(LiveProperties.Tag)];

    public static Result<PropfindRequest> From(XDocument? body)
    {
        if (body is null)
        {
            return AllProp;
        }

        var root = body.Root!;
        if (root.Name != DavXml.D + "propfind")
        {
            return Invalid("The body must be a DAV:propfind element.");
        }

        var choice = root.Elements().FirstOrDefault(e => e.Name.Namespace == DavXml.D && e.Name.LocalName is "allprop" or "propname" or "prop");
        if (choice is null)
        {
            return Invalid("DAV:propfind needs DAV:allprop, DAV:propname or DAV:prop.");
        }

        IReadOnlyList<XName> Names(string container) =>
            [.. root.Elements(DavXml.D + container).SelectMany(p => p.Elements()).Select(e => e.Name).Distinct()];

        return choice.Name.LocalName switch
        {
            "allprop" => new PropfindRequest(PropfindKind.AllProp, Names("include")),
            "propname" => new PropfindRequest(PropfindKind.PropName, []),
            _ => new PropfindRequest(PropfindKind.Prop, Names("prop")),
        };
    }

    private static Result<PropfindRequest> Invalid(string detail) => Result<PropfindRequest>.Fail(ErrorCodes.InvalidRequest, detail);
}
