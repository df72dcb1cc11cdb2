namespace Depot.Core.Files;

/// <summary>An open file version: the caller owns <see cref="Content"/> (seekable, at offset 0) and must dispose it.</summary>
public sealed record FileDownload(NodeEntry Entry, FileVersion Version, Stream Content);
