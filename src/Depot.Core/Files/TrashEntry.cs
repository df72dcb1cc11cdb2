namespace Depot.Core.Files;

/// <summary>A trashed file or folder: where it was, how much it holds, and when it will be purged.</summary>
public sealed record TrashEntry(Node Node, string OriginalPath, long Size, DateTimeOffset DeletedAt, DateTimeOffset PurgeAt);
