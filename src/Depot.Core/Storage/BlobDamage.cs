namespace Depot.Core.Storage;

/// <summary>How a blob was found damaged.</summary>
public enum BlobDamage
{
    /// <summary>Its bytes do not hash to the SHA-256 recorded when it was written (bit rot, a tampered file).</summary>
    ContentMismatch,

    /// <summary>It holds more or fewer bytes than recorded (cut short, appended to).</summary>
    SizeMismatch,

    /// <summary>The store does not have it although a version refers to it.</summary>
    Missing,
}
