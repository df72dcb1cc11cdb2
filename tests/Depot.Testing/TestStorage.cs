using System.Collections.Concurrent;

namespace Depot.Testing;

/// <summary>
/// The blob store the server tests run on: the data folder's <c>blobs/</c> (the default), or, with the environment
/// variable <c>DEPOT_TEST_STORAGE=s3</c>, a bucket of its own on the test process's <see cref="S3Server"/> (Ceph RGW).
/// One bucket per data folder, so a server restarted on the same folder finds its files again.
/// </summary>
public static class TestStorage
{
    public const string Variable = "DEPOT_TEST_STORAGE";

    private static readonly ConcurrentDictionary<string, string> Buckets = new(StringComparer.Ordinal);

    public static bool UseS3 => string.Equals(Environment.GetEnvironmentVariable(Variable), "s3", StringComparison.OrdinalIgnoreCase);

    /// <summary>The command-line configuration for a server on <paramref name="dataPath"/>: none for the local store.</summary>
    public static IReadOnlyList<string> Arguments(string dataPath) => UseS3 ? S3Arguments(dataPath) : [];

    /// <summary>The configuration that puts the file contents of a server on <paramref name="dataPath"/> into a bucket of its own.</summary>
    public static IReadOnlyList<string> S3Arguments(string dataPath) => S3Server.Shared.DepotArguments(BucketOf(dataPath));

    /// <summary>The bucket of the server on <paramref name="dataPath"/>, made on first use.</summary>
    public static string BucketOf(string dataPath) =>
        Buckets.GetOrAdd(Path.GetFullPath(dataPath), _ => S3Server.Shared.CreateBucket("server"));
}
