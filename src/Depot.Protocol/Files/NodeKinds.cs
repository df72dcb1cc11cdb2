namespace Depot.Protocol.Files;

public static class NodeKinds
{
    public const string File = "file";
    public const string Folder = "folder";

    /// <summary>An item shared with the caller, mounted in their tree: its path leads into the owner's item.</summary>
    public const string Mount = "mount";
}
