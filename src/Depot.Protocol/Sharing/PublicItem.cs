namespace Depot.Protocol.Sharing;

/// <summary>A file or folder as a link's visitor sees it: no ids, no owner's paths, no hashes. <see cref="Kind"/>: <c>file</c> or <c>folder</c>.</summary>
public sealed record PublicItem(string Name, string Kind, long Size, DateTimeOffset ModifiedAt, string? ContentType);
