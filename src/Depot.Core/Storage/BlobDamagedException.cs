namespace Depot.Core.Storage;

/// <summary>
/// Thrown by a verified read (<see cref="BlobHealth.Verify"/>) when the content turned out not to be what was stored,
/// before the bytes that prove it are handed on: a response that already started must be aborted, never ended
/// normally. By then the damage is logged, counted and marked in the metadata store. An <see cref="IOException"/>, so
/// code that already treats a failing read as I/O keeps doing so.
/// </summary>
public sealed class BlobDamagedException(string blobId, BlobDamage damage)
    : IOException($"Blob {blobId} is damaged ({damage}); the read was stopped.")
{
    public string BlobId { get; } = blobId;

    public BlobDamage Damage { get; } = damage;
}
