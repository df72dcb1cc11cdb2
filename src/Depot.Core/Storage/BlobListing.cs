namespace Depot.Core.Storage;

/// <summary>A blob the store holds, with the instant it was last written (orphan collection waits a grace period after it).</summary>
public sealed record BlobListing(string Id, DateTimeOffset WrittenAt);
