using Depot.Core.Files;
using Depot.Protocol;

namespace Depot.Core.Access;

/// <summary>
/// The one access service: every file service, the share and link services, REST, WebDAV and tus reach items only
/// through <c>FileTree</c>, which asks here. Grants are computed from the node's ancestry on every request
/// (no cache), so a revoked or expired share, or an item moved out of a shared folder, stops working at once.
/// An item the caller may not see is "not found" (404), never "forbidden": its existence does not leak. A visible
/// item the caller may not change is "forbidden" (403).
/// </summary>
public static class AccessPolicy
{
    public static bool Allows(Role role, Need need) => need switch
    {
        Need.Read => role >= Role.Viewer,
        Need.Write => role >= Role.Editor,
        Need.Share => role >= Role.Manager,
        _ => false,
    };

    /// <summary>The caller's role on <paramref name="node"/>: owner, the best live share on it or an ancestor, or none.</summary>
    internal static async Task<Role> RoleOnAsync(IFileSession session, string userId, Node node, CancellationToken cancellationToken)
    {
        if (node.OwnerId == userId)
        {
            return Role.Owner;
        }

        var (role, live) = await session.GetGrantAsync(userId, node.Id, cancellationToken);
        return live ? (Role)Math.Clamp(role, 0, (int)Role.Manager) : Role.None;
    }

    /// <summary>Null when <paramref name="role"/> allows <paramref name="need"/>; otherwise the error to answer.</summary>
    public static DepotError? Check(Role role, Need need, DepotPath path) =>
        Allows(role, need) ? null
        : role == Role.None ? new DepotError(ErrorCodes.NotFound, $"Nothing exists at '{path}'.")
        : new DepotError(ErrorCodes.Forbidden, need == Need.Share
            ? $"Your role on '{path}' ({Names.Of(role)}) does not allow sharing it."
            : $"Your role on '{path}' ({Names.Of(role)}) does not allow changing it.");

    /// <summary>
    /// Null for a signed-in user; for a public-link visitor, the refusal of everything that is not a file operation inside
    /// the link (trash, search, shares, links, versions): those act on the owner's whole account, which a link never reaches.
    /// </summary>
    public static DepotError? RefuseLink(Caller caller) => caller.Link is null ? null
        : new DepotError(ErrorCodes.Forbidden, "A public link reaches only the files inside it.");

    public static class Names
    {
        public static string Of(Role role) => role switch
        {
            Role.Viewer => "viewer",
            Role.Editor => "editor",
            Role.Manager => "manager",
            Role.Owner => "owner",
            _ => "none",
        };

        public static Role? Parse(string? name) => name?.ToLowerInvariant() switch
        {
            "viewer" => Role.Viewer,
            "editor" => Role.Editor,
            "manager" => Role.Manager,
            _ => null,
        };
    }
}
