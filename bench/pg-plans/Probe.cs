using Depot.Core.Data;

namespace Depot.PgPlans;

/// <summary>
/// One hot query, run through Depot's own store code (so the SQL is the store's, verbatim): it returns a fingerprint of
/// what it read (row count and a hash of the ids in order), which must be the same on both backends.
/// </summary>
internal sealed record Probe(string Name, string Call, Func<IDatabase, Landmarks, CancellationToken, Task<string>> RunAsync);
