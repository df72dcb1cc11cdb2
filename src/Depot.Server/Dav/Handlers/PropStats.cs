using Depot.Core.Files;
using Depot.Core.Files.Properties;
using Depot.Server.Dav.Xml;

namespace Depot.Server.Dav.Handlers;

/// <summary>The propstat groups of one PROPFIND response: found properties (200) and, for named ones, missing (404).</summary>
internal static class PropStats
{
    public static IEnumerable<(int, IReadOnlyList<DavProperty>)> For(
        PropfindRequest propfind, NodeEntry entry, IReadOnlyList<DeadProperty> dead, ResourceContext context)
    {
        switch (propfind.Kind)
        {
            case PropfindKind.PropName:
                yield return (StatusCodes.Status200OK,
                    [.. LiveProperties.NamesFor(entry).Select(n => new DavProperty(n)), .. dead.Select(d => new DavProperty(NameOf(d)))]);
                break;

            case PropfindKind.AllProp:
                var found = new List<DavProperty>(LiveProperties.AllProp.Count + propfind.Names.Count + dead.Count);
                foreach (var name in LiveProperties.NamesFor(entry))
                {
                    AddLive(found, name, entry, context);
                }

                // allprop with <include>: live properties allprop leaves out (checksums, quota), once each.
                foreach (var name in propfind.Names)
                {
                    if (LiveProperties.IsLive(name) && !found.Exists(p => p.Name == name))
                    {
                        AddLive(found, name, entry, context);
                    }
                }

                found.AddRange(dead.Select(d => new DavProperty(NameOf(d), RawXml: d.Xml)));
                yield return (StatusCodes.Status200OK, found);
                break;

            default:
                var ok = new List<DavProperty>();
                var missing = new List<DavProperty>();
                foreach (var name in propfind.Names)
                {
                    var property = LiveProperties.IsLive(name)
                        ? LiveProperties.Value(name, entry, context)
                        : dead.FirstOrDefault(d => NameOf(d) == name) is { } stored ? new DavProperty(name, RawXml: stored.Xml) : null;
                    (property is null ? missing : ok).Add(property ?? new DavProperty(name));
                }

                yield return (StatusCodes.Status200OK, ok);
                yield return (StatusCodes.Status404NotFound, missing);
                break;
        }
    }

    private static void AddLive(List<DavProperty> found, System.Xml.Linq.XName name, NodeEntry entry, ResourceContext context)
    {
        if (LiveProperties.Value(name, entry, context) is { } value)
        {
            found.Add(value);
        }
    }

    public static System.Xml.Linq.XName NameOf(DeadProperty property) => System.Xml.Linq.XName.Get(property.Name, property.Namespace);
}
