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
                var found = LiveProperties.NamesFor(entry).Concat(propfind.Names.Where(LiveProperties.IsLive)).Distinct()
                    .Select(n => LiveProperties.Value(n, entry, context) is { } value ? new DavProperty(n, value) : null)
                    .OfType<DavProperty>().Concat(dead.Select(d => new DavProperty(NameOf(d), RawXml: d.Xml)));
                yield return (StatusCodes.Status200OK, [.. found]);
                break;

            default:
                var ok = new List<DavProperty>();
                var missing = new List<DavProperty>();
                foreach (var name in propfind.Names)
                {
                    var property = LiveProperties.IsLive(name)
                        ? LiveProperties.Value(name, entry, context) is { } value ? new DavProperty(name, value) : null
                        : dead.FirstOrDefault(d => NameOf(d) == name) is { } stored ? new DavProperty(name, RawXml: stored.Xml) : null;
                    (property is null ? missing : ok).Add(property ?? new DavProperty(name));
                }

                yield return (StatusCodes.Status200OK, ok);
                yield return (StatusCodes.Status404NotFound, missing);
                break;
        }
    }

    public static System.Xml.Linq.XName NameOf(DeadProperty property) => System.Xml.Linq.XName.Get(property.Name, property.Namespace);
}
