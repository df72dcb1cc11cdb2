namespace Depot.Protocol;

/// <summary>The RFC 9457 problem document every API error carries, with Depot's stable <see cref="Code"/>.</summary>
public sealed record Problem(string? Type, string? Title, int? Status, string? Detail, string? Code, string? Instance);
