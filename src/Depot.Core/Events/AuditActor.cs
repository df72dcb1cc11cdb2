using Depot.Core.Access;

namespace Depot.Core.Events;

/// <summary>Who did it: a user (id and name at the time) or nobody known, and the client address either way.</summary>
public sealed record AuditActor(string? UserId, string? Username, string? Address)
{
    public static AuditActor From(Caller caller) => new(caller.UserId, caller.Username, caller.Address);

    /// <summary>A request nobody is signed in for: a failed sign-in, a public-link visitor.</summary>
    public static AuditActor Anonymous(string? address) => new(null, null, address);
}
