namespace Depot.Protocol;

/// <summary>
/// The RFC 9457 problem document every API error carries, with Depot's stable <see cref="Code"/> and the
/// <see cref="RequestId"/> that finds the request in the server's log.
/// </summary>
public sealed record Problem(string? Type, string? Title, int? Status, string? Detail, string? Code, string? Instance, string? RequestId = null);
