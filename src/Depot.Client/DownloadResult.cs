namespace Depot.Client;

/// <summary>
/// What a download wrote. <see cref="Length"/> counts the whole file, including any bytes a resumed download kept;
/// <see cref="Resumed"/> says the server honoured the range.
/// </summary>
public sealed record DownloadResult(long Length, string? ETag, string? ContentType, bool Resumed);
