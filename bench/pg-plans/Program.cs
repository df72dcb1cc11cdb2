using System.Diagnostics;
using System.Globalization;
using Depot.Core.Data;
using Depot.PgPlans;
using Depot.Testing;

// Plans and timings of Depot's hot metadata queries over a 100,000-node tree, PostgreSQL and SQLite (README.md).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var label = Arg("--label") ?? "run";
var output = Arg("--out") ?? Path.Combine("bench", "pg-plans", "results");
var collation = Arg("--collation") ?? "en-US";
var only = Arg("--only");
var backends = (Arg("--backends") ?? "postgres,sqlite").Split(',');
var shape = TreeShape.Default with
{
    Nodes = int.Parse(Arg("--nodes") ?? "100000", CultureInfo.InvariantCulture),
    AuditEvents = int.Parse(Arg("--audit") ?? "100000", CultureInfo.InvariantCulture),
};

// A fixed "now": the same data, expiries and cut-offs on every run.
var now = DateTimeOffset.Parse("2026-12-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
var clock = Stopwatch.StartNew();
var (rows, landmarks) = new TreeGenerator(shape, now).Generate();
Console.Error.WriteLine($"generated {rows.Nodes.Count} nodes ({landmarks.LargeSubtreeSize} under the largest top folder), " +
    $"{rows.Versions.Count} versions, {rows.Audit.Count} audit events in {clock.Elapsed.TotalSeconds:0.0} s");
var header = $"Depot metadata query plans, label '{label}', {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: alice owns {shape.Nodes:N0} nodes " +
    $"(folders up to 10 deep, one of {TreeShape.BigFolderSize:N0} files, {landmarks.LargeSubtreeSize:N0} under the largest top folder), " +
    $"{shape.OtherUsers} other users {shape.OtherUserNodes:N0} each; {rows.Nodes.Count:N0} nodes, {rows.Versions.Count:N0} versions, " +
    $"{rows.Audit.Count:N0} audit events in all.";

Directory.CreateDirectory(output);
var probes = Probes.All(now);
var runs = new List<(IBackend, List<ProbeResult>)>();
try
{
    foreach (var name in backends)
    {
        IBackend backend = name == "postgres" ? await PostgresBackend.CreateAsync(collation) : new SqliteBackend();
        clock.Restart();
        await new Migrator(backend.Database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        await DataLoader.LoadAsync(backend.Database, rows);
        if (backend is PostgresBackend postgres)
        {
            await postgres.AnalyzeAsync();
        }

        Console.Error.WriteLine($"{name}: migrated and loaded in {clock.Elapsed.TotalSeconds:0.0} s");
        var results = await Runner.RunAsync(backend, probes, landmarks, only);
        await Report.WritePlansAsync(Path.Combine(output, $"{label}-{name}.txt"), backend, header, results);
        runs.Add((backend, results));
    }

    await Report.WriteSummaryAsync(Path.Combine(output, $"{label}-summary.md"), header, runs);
    Console.Error.WriteLine($"wrote {output}/{label}-*.txt and {label}-summary.md");
}
finally
{
    foreach (var (backend, _) in runs)
    {
        await backend.DisposeAsync();
    }

    if (backends.Contains("postgres"))
    {
        PostgresServer.Shared.Dispose();
    }
}

return 0;

string? Arg(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
