using Depot.Core.Data;

namespace Depot.PgPlans;

/// <summary>One metadata backend under measurement: a loaded database to time probes on, and a way to see their plans.</summary>
internal interface IBackend : IAsyncDisposable
{
    string Name { get; }

    /// <summary>What the plans are of: server version, collation, statistics.</summary>
    string Description { get; }

    /// <summary>The real database (Depot's own pool), for timing.</summary>
    IDatabase Database { get; }

    /// <summary>Runs the probe once on connections that report each statement's plan, and returns the plans.</summary>
    Task<string> ExplainAsync(Probe probe, Landmarks landmarks);
}
