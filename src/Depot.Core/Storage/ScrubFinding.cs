namespace Depot.Core.Storage;

/// <summary>A blob a scrub reports, how it is damaged (null: found good again), and the versions that refer to it.</summary>
public sealed record ScrubFinding(string BlobId, BlobDamage? Damage, IReadOnlyList<BlobLocation> Locations);
