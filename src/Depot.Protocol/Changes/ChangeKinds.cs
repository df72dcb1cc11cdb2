namespace Depot.Protocol.Changes;

/// <summary>What happened to a node, as <c>GET /api/v1/changes</c> says it. Stable wire names; clients ignore ones they do not know.</summary>
public static class ChangeKinds
{
    /// <summary>A file, folder or mount appeared at <c>path</c> (uploaded, created, copied, mounted).</summary>
    public const string Created = "created";

    /// <summary>A file got new content (a new version, or an old version restored).</summary>
    public const string Modified = "modified";

    /// <summary>Moved or renamed from <c>oldPath</c> to <c>path</c>.</summary>
    public const string Moved = "moved";

    /// <summary>Deleted into the trash from <c>path</c>, with everything under it.</summary>
    public const string Trashed = "trashed";

    /// <summary>Back from the trash at <c>path</c>, with everything under it.</summary>
    public const string Restored = "restored";

    /// <summary>Deleted from the trash for good (owner only: it was gone from the tree already).</summary>
    public const string Purged = "purged";

    /// <summary>Moved out of the part of the tree this user sees (out of a shared folder): gone from <c>path</c>.</summary>
    public const string Removed = "removed";

    /// <summary>The item at <c>path</c> was shared, or a share on it changed.</summary>
    public const string Shared = "shared";

    /// <summary>A share on the item at <c>path</c> was revoked.</summary>
    public const string Unshared = "unshared";

    /// <summary>A WebDAV client locked the item at <c>path</c> (LOCK): others' writes to it are refused until it unlocks.</summary>
    public const string Locked = "locked";

    /// <summary>The lock on the item at <c>path</c> was released (UNLOCK). A lock that simply expires is not announced.</summary>
    public const string Unlocked = "unlocked";
}
