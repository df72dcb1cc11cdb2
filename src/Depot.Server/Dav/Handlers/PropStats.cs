using System.Xml.Linq;
using Depot.Core.Files;
using Depot.Core.Files.Properties;
using Depot.Server.Dav.Xml;

namespace Depot.Server.Dav.Handlers;

/// <summary>
/// The propstat groups of one PROPFIND response, written as they are decided: found properties (200) and, for named
/// ones, missing (404). A group with nothing in it is left out.
/// </summary>
internal static class PropStats
{
    public static void Write(
        MultiStatusWriter writer, PropfindRequest propfind, NodeEntry entry, IReadOnlyList<DeadProperty> dead, ResourceContext context)
    {
        switch (propfind.Kind)
        {
            case PropfindKind.PropName:
                writer.BeginPropstat();
                foreach (var name in LiveProperties.NamesFor(entry))
                {
                    writer.Raw(LiveProperties.Tag(name).Empty);
                }

                foreach (var property in dead)
                {
                    writer.Raw(XmlTag.For(NameOf(property)).Empty);
                }

                writer.EndPropstat(StatusCodes.Status200OK);
                break;

            case PropfindKind.AllProp:
                writer.BeginPropstat();
                foreach (var name in LiveProperties.NamesFor(entry))
                {
                    WriteLive(writer, name, entry, context);
                }

                // allprop with <include>: live properties allprop leaves out (checksums, quota), once each.
                foreach (var name in propfind.Names)
                {
                    if (LiveProperties.IsLive(name) && !LiveProperties.AllProp.Contains(name))
                    {
                        WriteLive(writer, name, entry, context);
                    }
                }

                foreach (var property in dead)
                {
                    writer.RawMarkup(property.Xml);
                }

                writer.EndPropstat(StatusCodes.Status200OK);
                break;

            default:
                WriteNamed(writer, propfind, entry, dead, context);
                break;
        }
    }

    public static XName NameOf(DeadProperty property) => XName.Get(property.Name, property.Namespace);

    private static void WriteLive(MultiStatusWriter writer, XName name, NodeEntry entry, ResourceContext context)
    {
        if (LiveProperties.Has(name, entry, context))
        {
            LiveProperties.Write(writer, name, entry, context);
        }
    }

    // The named properties in the request's order: first those found, then those missing, each group only if it has any.
    private static void WriteNamed(
        MultiStatusWriter writer, PropfindRequest propfind, NodeEntry entry, IReadOnlyList<DeadProperty> dead, ResourceContext context)
    {
        var found = 0;
        foreach (var name in propfind.Names)
        {
            found += Found(name, entry, dead, context) ? 1 : 0;
        }

        if (found > 0)
        {
            writer.BeginPropstat();
            foreach (var name in propfind.Names)
            {
                if (LiveProperties.IsLive(name))
                {
                    WriteLive(writer, name, entry, context);
                }
                else if (Stored(name, dead) is { } property)
                {
                    writer.RawMarkup(property.Xml);
                }
            }

            writer.EndPropstat(StatusCodes.Status200OK);
        }

        if (found < propfind.Names.Count)
        {
            writer.BeginPropstat();
            for (var i = 0; i < propfind.Names.Count; i++)
            {
                if (!Found(propfind.Names[i], entry, dead, context))
                {
                    writer.Raw(propfind.Tags[i].Empty);
                }
            }

            writer.EndPropstat(StatusCodes.Status404NotFound);
        }
    }

    private static bool Found(XName name, NodeEntry entry, IReadOnlyList<DeadProperty> dead, ResourceContext context) =>
        LiveProperties.IsLive(name) ? LiveProperties.Has(name, entry, context) : Stored(name, dead) is not null;

    private static DeadProperty? Stored(XName name, IReadOnlyList<DeadProperty> dead)
    {
        foreach (var property in dead)
        {
            if (property.Name == name.LocalName && property.Namespace == name.NamespaceName)
            {
                return property;
            }
        }

        return null;
    }
}
