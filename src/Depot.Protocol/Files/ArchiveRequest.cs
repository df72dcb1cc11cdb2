namespace Depot.Protocol.Files;

/// <summary>Body of <c>POST /api/v1/archives</c>: files and folders to stream as one zip, each at the zip's top level by its name.</summary>
public sealed record ArchiveRequest(IReadOnlyList<string> Paths);
