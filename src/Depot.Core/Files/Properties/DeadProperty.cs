namespace Depot.Core.Files.Properties;

/// <summary>
/// A dead property (RFC 4918 §4.1): stored and returned, never interpreted. <see cref="Xml"/> is the whole property
/// element, self-contained (it declares every namespace it uses), so it can be written back into any document.
/// </summary>
public sealed record DeadProperty(string Namespace, string Name, string Xml);
