using System.Diagnostics;
using System.Globalization;
using Depot.System.Tests.Crash;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests;

/// <summary>
/// Garnet-style crash test of "write order makes crashes harmless" (DESIGN.md): concurrent uploads, SIGKILL at a
/// seeded random moment, restart on the same data, then prove through the API that every acknowledged write
/// survived byte for byte, that nothing torn, rolled back or never written is visible, and that the store still
/// works. Rerun a failure with <c>DEPOT_CRASH_SEED</c>; <c>DEPOT_CRASH_ROUNDS</c> makes it longer.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20_260_101;
    private const int DefaultRounds = 16;
    private const int Uploaders = 8;
    private const int Readers = 2;
    private static readonly TimeSpan RoundDrain = TimeSpan.FromSeconds(30);

    // Garbage collection tuned so the test can watch it: orphans older than a minute (the smallest grace the
    // server accepts) are collected by a maintenance run every 5 s. Defaults are a day and an hour.
    private static readonly TimeSpan OrphanGrace = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(5);
    // 5 rather than the default 50: overwrites then prune versions inside the upload's transaction and delete
    // their blob files after it, so kills also land between a prune's commit and its file deletes.
    private const int RetainedVersions = 5;

    // The default, named so the test knows which versions have a blob file: content up to this size is kept in the
    // metadata store, written by its upload's commit (the kills land in those commits too).
    private const int InlineMaxBytes = 16 * 1024;

    private static readonly string[] ServerArguments =
    [
        $"--Depot:Storage:InlineMaxBytes={InlineMaxBytes}",
        $"--Depot:Versions:MaxCount={RetainedVersions}",
        $"--Depot:Storage:OrphanGracePeriod={OrphanGrace:c}",
        $"--Depot:Maintenance:Interval={MaintenanceInterval:c}",
    ];

    [Fact]
    public async Task Every_acknowledged_upload_survives_SIGKILL_and_no_torn_file_is_ever_visible()
    {
        var seed = FromEnvironment("DEPOT_CRASH_SEED", DefaultSeed);
        var rounds = FromEnvironment("DEPOT_CRASH_ROUNDS", DefaultRounds);
        output.WriteLine($"crash test: seed {seed}, {rounds} rounds, {Uploaders} uploaders (rerun: DEPOT_CRASH_SEED={seed})");
        var schedule = new Random(seed);
        var total = Stopwatch.StartNew();

        await using var depot = new DepotProcess(output, extraArguments: ServerArguments);
        await depot.StartAsync();
        using var user = await depot.CreateUserAsync();
        var ledger = new WriteLedger();
        var verifier = new CrashVerifier(user.Http, ledger);
        var unanswered = 0;
        var lastKill = DateTime.UtcNow;

        for (var round = 1; round <= rounds; round++)
        {
            // Mostly 0.2–2.5 s into the round; sometimes almost at once (the first requests' bodies in flight).
            var killAfter = TimeSpan.FromMilliseconds(schedule.Next(10) == 0 ? schedule.Next(20, 200) : schedule.Next(200, 2500));
            var clients = Enumerable.Range(0, Uploaders).Select(_ => depot.CreateHttpClient(user.Token)).ToList();
            try
            {
                unanswered += await RunRoundAsync(depot, ledger, clients, round, seed, killAfter);
                lastKill = DateTime.UtcNow;
            }
            finally
            {
                clients.ForEach(c => c.Dispose());
            }

            await depot.RestartAsync();
            var verified = await verifier.VerifyAsync(readEverything: false);
            Fail(verified.Violations, seed, $"round {round} (killed after {killAfter.TotalMilliseconds:0} ms)");
            await StoreStillWorksAsync(user.Http, ledger, round, seed);
            output.WriteLine($"round {round}: verified {verified.Files.Count} files, {total.Elapsed.TotalSeconds:0.0} s so far");
        }

        var final = await verifier.VerifyAsync(readEverything: true);
        Fail(final.Violations, seed, "final full read-back");
        output.WriteLine($"final: {final.Files.Count} files read back in full; total {total.Elapsed.TotalSeconds:0.0} s");

        var violations = new List<string>();
        var (versions, versionBytes, inBlobStore) = await HistoryCheck.RunAsync(user.Http, ledger, final.Files, RetainedVersions, InlineMaxBytes, violations);
        var used = (await user.Http.MeAsync()).UsedBytes;
        if (used != versionBytes)
        {
            violations.Add($"usedBytes is {used}, the {versions} versions kept hold {versionBytes} B");
        }

        Fail(violations, seed, "version history and quota");
        await OrphansAreCollectedAsync(depot, inBlobStore, unanswered, lastKill, seed);
        output.WriteLine($"done: {versions} versions, {versionBytes} B, {unanswered} unanswered uploads; total {total.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Each version over the inline limit has its own blob file (no dedup, and this test never copies; the others'
    /// content is a row that comes and goes with its metadata), and each unanswered upload left at most one orphan:
    /// its own blob if it died before its commit, or the file of the one version its commit pruned if it died between
    /// that commit and the file delete (with MaxCount=5 a write prunes at most one). Orphans must go: once the grace
    /// period after the last kill has passed, the next maintenance run leaves exactly one file per such version.
    /// </summary>
    private async Task OrphansAreCollectedAsync(DepotProcess depot, int versions, int unanswered, DateTime lastKill, int seed)
    {
        var files = await StoredContent.ListAsync(depot.DataPath);
        output.WriteLine($"stored content: {files.Count} objects for {versions} versions ({unanswered} unanswered uploads could each leave one orphan)");
        Assert.True(files.Count >= versions,
            $"[seed {seed}] {versions} versions but only {files.Count} stored objects: a version lost its blob{Environment.NewLine}{StoredContent.Describe(files)}");
        Assert.True(files.Count - versions <= unanswered,
            $"[seed {seed}] {files.Count - versions} objects beyond the {versions} versions, but only {unanswered} uploads were cut off");

        var due = lastKill + OrphanGrace + (2 * MaintenanceInterval);
        var wait = due - DateTime.UtcNow;
        output.WriteLine($"waiting {Math.Max(0, wait.TotalSeconds):0} s for the orphan grace period to pass, then up to 20 s for collection");
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        files = await StoredContent.WaitUntilAsync(depot.DataPath, f => f.Count == versions, TimeSpan.FromSeconds(20));
        Assert.True(files.Count == versions,
            $"[seed {seed}] {(DateTime.UtcNow - lastKill).TotalSeconds:0} s after the last kill (grace {OrphanGrace.TotalSeconds:0} s, maintenance every " +
            $"{MaintenanceInterval.TotalSeconds:0} s) the store holds {files.Count} objects for {versions} versions:" +
            $"{Environment.NewLine}{StoredContent.Describe(files.Where(f => f.WrittenUtc < lastKill.AddSeconds(1)).TakeLast(30))}");
    }

    /// <summary>Runs the writers, kills the server mid-way, waits for every writer to notice; returns how many writes went unanswered.</summary>
    private async Task<int> RunRoundAsync(DepotProcess depot, WriteLedger ledger, List<HttpClient> clients, int round, int seed, TimeSpan killAfter)
    {
        var stopping = 0;
        var uploaders = clients
            .Select((http, i) => new Uploader(i, round, Seeds.Random(seed, round, i), http, ledger, () => Volatile.Read(ref stopping) != 0))
            .ToList();
        var readers = Enumerable.Range(0, Readers)
            .Select(i => new Reader(Seeds.Random(seed, round, 100 + i), clients[i], ledger, () => Volatile.Read(ref stopping) != 0))
            .ToList();
        var running = uploaders.Select(u => Task.Run(u.RunAsync)).Concat(readers.Select(r => Task.Run(r.RunAsync))).ToList();

        await Task.Delay(killAfter);
        Volatile.Write(ref stopping, 1); // no new writes; the ones in flight are cut by the kill
        var inFlight = uploaders.SelectMany(u => u.Snapshot()).Where(a => a.Attempt.Outcome == AttemptOutcome.InFlight).ToList();
        await depot.KillAsync();
        await Task.WhenAll(running).WaitAsync(RoundDrain);

        var attempts = uploaders.SelectMany(u => u.Snapshot()).ToList();
        var midBody = inFlight.Count(a => a.Body.Sent > 0 && a.Body.Sent < a.Attempt.Content.Size);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round}: killed after {killAfter.TotalMilliseconds:0} ms; {attempts.Count} writes, " +
            $"{Count(attempts, AttemptOutcome.Acknowledged)} acknowledged, {Count(attempts, AttemptOutcome.Unknown)} unanswered " +
            $"({attempts.Count(a => a.Attempt.Detail?.StartsWith("given up", StringComparison.Ordinal) == true)} given up by the client) " +
            $"({inFlight.Count} in flight when the kill was ordered, {midBody} of them mid-body), {Count(attempts, AttemptOutcome.Rejected)} rejected; " +
            $"{readers.Sum(r => r.Reads)} live reads"));
        foreach (var (attempt, body) in inFlight)
        {
            output.WriteLine($"    in flight: {attempt.Path} {body.Sent}/{attempt.Content.Size} B sent");
        }

        foreach (var rejected in attempts.Where(a => a.Attempt.Outcome == AttemptOutcome.Rejected))
        {
            ledger.Violation($"PUT {rejected.Attempt.Path} ({rejected.Attempt.Content}) was rejected before the kill: {rejected.Attempt.Detail}");
        }

        return Count(attempts, AttemptOutcome.Unknown);
    }

    private static int Count(List<(Attempt Attempt, PacedContent Body)> attempts, AttemptOutcome outcome) =>
        attempts.Count(a => a.Attempt.Outcome == outcome);

    private static async Task StoreStillWorksAsync(HttpClient http, WriteLedger ledger, int round, int seed)
    {
        var path = $"/crash/after-restart/r{round:00}.bin";
        var content = new ContentSpec(Seeds.Mix(seed, round, -1), 256 * 1024 + round);
        var attempt = ledger.Begin(path, content);
        using (var response = await http.UploadAsync(path, FilesApi.Bytes(content.Materialize())))
        {
            Assert.True(response.IsSuccessStatusCode,
                $"[seed {seed}] after restart {round} PUT {path} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            ledger.Finish(attempt, AttemptOutcome.Acknowledged, $"{(int)response.StatusCode}");
        }

        var download = await http.DownloadAsync(path);
        Assert.True(download.Sha256 == content.Sha256,
            $"[seed {seed}] after restart {round} GET {path}: {(int)download.Status}, {download.Length} B sha256 {download.Sha256}, expected {content}");
    }

    private void Fail(IReadOnlyList<string> violations, int seed, string when)
    {
        if (violations.Count == 0)
        {
            return;
        }

        var message = $"[seed {seed}] {when}: {violations.Count} violation(s) of crash safety:{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", violations.Take(40));
        output.WriteLine(message);
        Assert.Fail(message);
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
