using System.Collections.Concurrent;

namespace Depot.Testing;

/// <summary>
/// The metadata store the server tests run on: SQLite in the data folder (the default), or, with the environment
/// variable <c>DEPOT_TEST_METADATA=postgres</c>, a PostgreSQL database of its own on the test process's
/// <see cref="PostgresServer"/>. One database per data folder, so a server restarted on the same folder (the crash
/// tests) finds its metadata again.
/// </summary>
public static class TestMetadata
{
    public const string Variable = "DEPOT_TEST_METADATA";

    private static readonly ConcurrentDictionary<string, string> Databases = new(StringComparer.Ordinal);

    public static bool UsePostgres =>
        string.Equals(Environment.GetEnvironmentVariable(Variable), "postgres", StringComparison.OrdinalIgnoreCase);

    // Every test server fails a request that could deadlock a small connection pool (Depot.Core.Data.ConnectionUse).
    private const string StrictConnectionUse = "--Depot:Metadata:StrictConnectionUse=true";

    /// <summary>The command-line configuration for a server on <paramref name="dataPath"/>.</summary>
    public static IReadOnlyList<string> Arguments(string dataPath) => UsePostgres ? PostgresArguments(dataPath) : [StrictConnectionUse];

    /// <summary>The configuration that puts the metadata of a server on <paramref name="dataPath"/> into PostgreSQL.</summary>
    public static IReadOnlyList<string> PostgresArguments(string dataPath) =>
    [
        "--Depot:Metadata:Provider=postgres",
        "--Depot:Metadata:ConnectionString=" +
        Databases.GetOrAdd(Path.GetFullPath(dataPath), _ => PostgresServer.Shared.CreateDatabase("server")),
        StrictConnectionUse,
    ];
}
