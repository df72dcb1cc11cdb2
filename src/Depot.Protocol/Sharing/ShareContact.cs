namespace Depot.Protocol.Sharing;

/// <summary>A person the caller may share with by name: one of <c>GET /api/v1/contacts?q=</c>'s suggestions.</summary>
public sealed record ShareContact(string Username);
