namespace Depot.Protocol.Files;

public static class NodeKinds
{
    public const string File = "file";
    public const string Folder = "folder";
}
