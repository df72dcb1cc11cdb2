namespace Depot.Core.Storage;

/// <summary>A blob durably written: its id, size in bytes and lower-case hex SHA-256.</summary>
public sealed record StoredBlob(string Id, long Size, string Sha256);
