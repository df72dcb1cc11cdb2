namespace Depot.Core.Access;

/// <summary>
/// What a caller may do with an item, in increasing order (stored as <c>shares.role</c> for 1–3). Each role includes
/// the ones below it: viewer lists, reads and downloads; editor also creates, changes, renames, moves within the share
/// and deletes to the owner's trash; manager also re-shares with roles up to their own; the owner does everything.
/// </summary>
public enum Role
{
    None = 0,
    Viewer = 1,
    Editor = 2,
    Manager = 3,
    Owner = 4,
}

/// <summary>What an operation needs of the item it touches.</summary>
public enum Need
{
    /// <summary>See, list, read, download.</summary>
    Read,

    /// <summary>Create, change, rename, move, delete.</summary>
    Write,

    /// <summary>Share it, make links to it.</summary>
    Share,
}
