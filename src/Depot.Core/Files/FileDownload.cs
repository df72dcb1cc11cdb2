namespace Depot.Core.Files;

/// <summary>
/// An open file version: the caller owns <see cref="Content"/> and must dispose it. The content is seekable until its
/// first read and opens the store only then, at that position (<see cref="BlobDownloadStream"/>); a read that finds the
/// blob missing or of the wrong size throws before it returns a byte (<see cref="Storage.BlobDamagedException"/>, or
/// <see cref="ContentGoneException"/> when the version was purged meanwhile).
/// </summary>
public sealed record FileDownload(NodeEntry Entry, FileVersion Version, Stream Content);
