using System.ComponentModel.DataAnnotations;

namespace Depot.Server.Hosting;

/// <summary>
/// Which metadata store Depot uses (<c>Depot:Metadata</c>): the embedded SQLite file in the data folder (the default,
/// one node), or a PostgreSQL database that several nodes share (<c>DEPOT_METADATA_CONNECTION_STRING</c> also sets
/// the connection string, so it need not sit in a file).
/// </summary>
internal sealed class MetadataOptions : IValidatableObject
{
    public const string Section = "Depot:Metadata";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public string Provider { get; set; } = Sqlite;

    /// <summary>An Npgsql connection string; used by <c>postgres</c> only.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Each pooled SQLite connection's page cache in KiB; used by <c>sqlite</c> only. Why the default is below
    /// SQLite's own: <see cref="Depot.Core.Data.SqliteDatabase.DefaultCacheKiB"/>.
    /// </summary>
    [Range(64, 1024 * 1024)]
    public int SqliteCacheKiB { get; set; } = Depot.Core.Data.SqliteDatabase.DefaultCacheKiB;

    /// <summary>
    /// Fails a request that opens a second metadata connection while it holds one, or waits for a group commit holding
    /// one (<see cref="Depot.Core.Data.ConnectionUse"/>): the rule that keeps a small pool free of deadlocks, checked
    /// where it is broken rather than found under load. For the test suites and diagnosis; off by default.
    /// </summary>
    public bool StrictConnectionUse { get; set; }

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase) && !IsPostgres)
        {
            yield return new ValidationResult($"The field {nameof(Provider)} must be '{Sqlite}' or '{Postgres}'.", [nameof(Provider)]);
        }
        else if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                $"The field {nameof(ConnectionString)} is required with the '{Postgres}' provider (or DEPOT_METADATA_CONNECTION_STRING).",
                [nameof(ConnectionString)]);
        }
    }
}
