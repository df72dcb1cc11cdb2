namespace Depot.Core.Storage.Encryption;

/// <summary>
/// What <see cref="KeyRotator"/> did: blobs seen, re-wrapped, already under the new key, and those neither key opens
/// (damaged headers, or sealed with yet another key), the first of them by id.
/// </summary>
public sealed record KeyRotationReport(long Blobs, long Rotated, long AlreadyRotated, long Failed, IReadOnlyList<string> FailedIds);
