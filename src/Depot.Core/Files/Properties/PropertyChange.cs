namespace Depot.Core.Files.Properties;

/// <summary>One instruction of a property update: set (with <see cref="Property"/>'s value) or remove.</summary>
public sealed record PropertyChange(DeadProperty Property, bool Remove);
