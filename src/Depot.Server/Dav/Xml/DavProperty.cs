using System.Xml.Linq;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// A property in an answer: a live value, as text (<see cref="Text"/>, most of them) or as an element (<see cref="Value"/>),
/// a stored dead one (<see cref="RawXml"/>, written as is), or just the name (propname, or a 404 entry).
/// </summary>
internal sealed record DavProperty(XName Name, XElement? Value = null, string? RawXml = null, string? Text = null);
