using System.Xml.Linq;
using Depot.Core;
using Depot.Protocol;

namespace Depot.Server.Dav.Xml;

/// <summary>A PROPPATCH body (RFC 4918 §14.19): set and remove instructions, in document order.</summary>
internal static class PropertyUpdate
{
    public static Result<IReadOnlyList<(XElement Property, bool Remove)>> From(XDocument? body)
    {
        var root = body?.Root;
        if (root is null || root.Name != DavXml.D + "propertyupdate")
        {
            return Result<IReadOnlyList<(XElement, bool)>>.Fail(ErrorCodes.InvalidRequest, "The body must be a DAV:propertyupdate element.");
        }

        var changes = new List<(XElement, bool)>();
        foreach (var instruction in root.Elements())
        {
            if (instruction.Name != DavXml.D + "set" && instruction.Name != DavXml.D + "remove")
            {
                continue;   // §17: unknown elements are ignored
            }

            var remove = instruction.Name.LocalName == "remove";
            changes.AddRange(instruction.Elements(DavXml.D + "prop").SelectMany(p => p.Elements()).Select(p => (p, remove)));
        }

        return changes.Count > 0
            ? changes
            : Result<IReadOnlyList<(XElement, bool)>>.Fail(ErrorCodes.InvalidRequest, "DAV:propertyupdate holds no property to set or remove.");
    }
}
