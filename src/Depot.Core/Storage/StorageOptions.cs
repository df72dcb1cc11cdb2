using System.ComponentModel.DataAnnotations;
using Depot.Core.Storage.S3;

namespace Depot.Core.Storage;

/// <summary>Blob storage and upload limits (<c>Depot:Storage</c>).</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Depot:Storage";
    public const string Local = "local";
    public const string S3Provider = "s3";

    /// <summary>
    /// Where file contents live: <c>local</c> (the default: the data folder's <c>blobs/</c>, one node) or <c>s3</c> (a bucket
    /// of an S3-compatible store, <see cref="S3"/>, which several nodes share).
    /// </summary>
    public string Provider { get; set; } = Local;

    /// <summary>The bucket and how to reach it (<c>Depot:Storage:S3</c>); used by the <c>s3</c> provider only.</summary>
    public S3StorageOptions S3 { get; set; } = new();

    public bool IsS3 => string.Equals(Provider, S3Provider, StringComparison.OrdinalIgnoreCase);

    // 256 KiB: large enough that a 10 Gbit/s stream needs only ~5,000 writes a second, small enough that
    // 100 concurrent uploads hold 25 MiB of pooled buffers.
    [Range(4096, 16 * 1024 * 1024)]
    public int BufferSize { get; set; } = 256 * 1024;

    // 100 GiB: no real file a person keeps is refused, yet one request cannot fill a disk unbounded
    // (quota bounds it per user as well).
    [Range(1L, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024 * 1024;

    // 16 KiB: most text, source and settings files, whose own fsync and file (or S3 round trip) cost far more than
    // their bytes; each adds at most this much to the metadata store (and to every copy of it a backup takes). 0 keeps
    // every file in the blob store. Ignored with encryption at rest, which seals content in the blob store only.
    [Range(0, 1024 * 1024)]
    public int InlineMaxBytes { get; set; } = 16 * 1024;

    // 1 day: a blob file with no metadata row is deleted only after this long, so an upload that is still
    // streaming (its file is rewritten every moment) or committing right now is never mistaken for a crash orphan.
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromDays(1);

    // Off: a new, empty metadata store beside a blob store that holds files is almost always a lost or misplaced
    // database, and starting anyway would let maintenance delete every file. On only for a deliberate fresh start.
    public bool ReinitializeMetadata { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(Provider, Local, StringComparison.OrdinalIgnoreCase) && !IsS3)
        {
            yield return new ValidationResult($"The field {nameof(Provider)} must be '{Local}' or '{S3Provider}'.", [nameof(Provider)]);
            yield break;
        }

        if (!IsS3)
        {
            yield break;
        }

        // The nested section is checked only when it is used; its keys are named Depot:Storage:S3:<key>.
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(S3, new ValidationContext(S3), results, validateAllProperties: true);
        foreach (var result in results)
        {
            yield return new ValidationResult(result.ErrorMessage, result.MemberNames.Select(m => $"{nameof(S3)}:{m}").ToArray());
        }
    }
}
