using System.Buffers;
using System.Diagnostics;
using System.Globalization;

namespace Depot.Bench;

/// <summary>
/// The timed phases, each preceded by an untimed warm-up of the same kind (JIT, connection
/// pool, server caches). Phases run in order and later ones read what earlier ones wrote.
/// Each round works in its own folder, so every upload creates a new file on both servers.
/// </summary>
internal sealed class Workload(BenchOptions options, string folder)
{
    private const int StreamBuffer = 256 * 1024;

    private string LargeFile => folder + "/large.bin";
    private string WarmFile => folder + "/warm.bin";
    private string SmallFolder => folder + "/small";
    private string WarmSmallFolder => folder + "/warm-small";
    private string DavFolder => folder + "/dav-small";

    public async Task<Measure> UploadLargeAsync(Target target, CancellationToken cancellationToken)
    {
        await target.CreateFolderAsync(folder, cancellationToken);
        await PutGeneratedAsync(target, WarmFile, options.WarmupBytes, 1, cancellationToken);

        var start = Stopwatch.GetTimestamp();
        await PutGeneratedAsync(target, LargeFile, options.LargeBytes, 2, cancellationToken);
        return new Measure(Stopwatch.GetElapsedTime(start), options.LargeBytes, 1);
    }

    public async Task<Measure> DownloadLargeAsync(Target target, CancellationToken cancellationToken)
    {
        await GetCountingAsync(target, WarmFile, options.WarmupBytes, cancellationToken);

        var start = Stopwatch.GetTimestamp();
        var bytes = await GetCountingAsync(target, LargeFile, options.LargeBytes, cancellationToken);
        return new Measure(Stopwatch.GetElapsedTime(start), bytes, 1);
    }

    public async Task<Measure> DownloadLargeParallelAsync(Target target, CancellationToken cancellationToken)
    {
        // As many warm-up reads at once as timed ones: every connection the timed run uses is open and warm.
        await Task.WhenAll(Enumerable.Range(0, options.LargeStreams).Select(_ => GetCountingAsync(target, WarmFile, options.WarmupBytes, cancellationToken)));

        var start = Stopwatch.GetTimestamp();
        var bytes = await Task.WhenAll(Enumerable.Range(0, options.LargeStreams).Select(_ => GetCountingAsync(target, LargeFile, options.LargeBytes, cancellationToken)));
        return new Measure(Stopwatch.GetElapsedTime(start), bytes.Sum(), options.LargeStreams);
    }

    public async Task<Measure> UploadSmallAsync(Target target, CancellationToken cancellationToken)
    {
        await target.CreateFolderAsync(WarmSmallFolder, cancellationToken);
        await target.CreateFolderAsync(SmallFolder, cancellationToken);
        await WarmUpAsync(first => PutSmallFilesAsync(target, WarmSmallFolder, options.WarmupFiles, cancellationToken, first: first));

        var start = Stopwatch.GetTimestamp();
        await PutSmallFilesAsync(target, SmallFolder, options.Files, cancellationToken);
        return new Measure(Stopwatch.GetElapsedTime(start), (long)options.Files * options.FileBytes, options.Files);
    }

    public async Task<Measure> ReadSmallAsync(Target target, CancellationToken cancellationToken)
    {
        await WarmUpAsync(_ => GetSmallFilesAsync(target, WarmSmallFolder, options.WarmupFiles, cancellationToken));

        var start = Stopwatch.GetTimestamp();
        var bytes = await GetSmallFilesAsync(target, SmallFolder, options.Files, cancellationToken);
        return new Measure(Stopwatch.GetElapsedTime(start), bytes, options.Files);
    }

    public async Task<Measure> DavReadSmallAsync(Target target, CancellationToken cancellationToken)
    {
        await WarmUpAsync(_ => GetSmallFilesAsync(target, WarmSmallFolder, options.WarmupFiles, cancellationToken, dav: true));

        var start = Stopwatch.GetTimestamp();
        var bytes = await GetSmallFilesAsync(target, SmallFolder, options.Files, cancellationToken, dav: true);
        return new Measure(Stopwatch.GetElapsedTime(start), bytes, options.Files);
    }

    /// <summary>
    /// wrk on one small file for <see cref="BenchOptions.WrkSeconds"/>, after a short untimed wrk run (JIT, connections).
    /// The result is kept on the target for the latency rows that follow.
    /// </summary>
    public async Task<Measure> WrkGetAsync(Target target, CancellationToken cancellationToken)
    {
        target.LastWrkGet = null;
        var request = target.WrkGet(SmallName(SmallFolder, 0)) ?? throw new InvalidOperationException($"{target.Name} has no WebDAV GET for wrk");
        var result = await WrkWarmAsync(request, cancellationToken);
        target.LastWrkGet = result;
        return new Measure(result.Duration, result.BytesRead, (int)Math.Min(result.Requests, int.MaxValue), [result.P99Ms]);
    }

    /// <summary>The p99 of this round's <see cref="WrkGetAsync"/> run: no new load, so the rows agree with each other.</summary>
    public static Task<Measure> WrkLatencyAsync(Target target) =>
        target.LastWrkGet is { } run
            ? Task.FromResult(new Measure(run.Duration, 0, 1, [run.P99Ms]))
            : throw new InvalidOperationException("the wrk GET row did not run on this target in this round");

    public async Task<Measure> WrkHealthAsync(Target target, CancellationToken cancellationToken)
    {
        var request = target.WrkHealth() ?? throw new InvalidOperationException($"{target.Name} has no health probe");
        var result = await WrkWarmAsync(request, cancellationToken);
        return new Measure(result.Duration, result.BytesRead, (int)Math.Min(result.Requests, int.MaxValue), [result.P99Ms]);
    }

    private async Task<WrkResult> WrkWarmAsync(WrkRequest request, CancellationToken cancellationToken)
    {
        await Wrk.RunAsync(options, request, options.WrkWarmupSeconds, cancellationToken);
        return await Wrk.RunAsync(options, request, options.WrkSeconds, cancellationToken);
    }

    public async Task<Measure> ListAsync(Target target, CancellationToken cancellationToken)
    {
        await WarmUpAsync(_ => ListCheckedAsync(target, cancellationToken));

        var samples = new double[options.ListRuns];
        var total = TimeSpan.Zero;
        for (var run = 0; run < samples.Length; run++)
        {
            var start = Stopwatch.GetTimestamp();
            await ListCheckedAsync(target, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(start);
            samples[run] = elapsed.TotalMilliseconds;
            total += elapsed;
        }

        return new Measure(total, 0, options.Files, samples);
    }

    public async Task<Measure> PropfindAsync(Target target, bool allprop, CancellationToken cancellationToken)
    {
        await WarmUpAsync(_ => PropfindCheckedAsync(target, allprop, cancellationToken));

        var samples = new double[options.ListRuns];
        var total = TimeSpan.Zero;
        for (var run = 0; run < samples.Length; run++)
        {
            var start = Stopwatch.GetTimestamp();
            await PropfindCheckedAsync(target, allprop, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(start);
            samples[run] = elapsed.TotalMilliseconds;
            total += elapsed;
        }

        return new Measure(total, 0, options.Files, samples);
    }

    public async Task<Measure> DavPutSmallAsync(Target target, CancellationToken cancellationToken)
    {
        await target.CreateFolderAsync(DavFolder, cancellationToken);
        await target.CreateFolderAsync(DavFolder + "-warm", cancellationToken);
        await WarmUpAsync(first => PutSmallFilesAsync(target, DavFolder + "-warm", options.WarmupFiles, cancellationToken, dav: true, first: first));

        var start = Stopwatch.GetTimestamp();
        await PutSmallFilesAsync(target, DavFolder, options.Files, cancellationToken, dav: true);
        return new Measure(Stopwatch.GetElapsedTime(start), (long)options.Files * options.FileBytes, options.Files);
    }

    // At least once, then again until the warm-up time is up (BenchOptions.WarmupTime); each run is told how many ran
    // before it, so uploads can name new files.
    private async Task WarmUpAsync(Func<int, Task> run)
    {
        var start = Stopwatch.GetTimestamp();
        var runs = 0;
        do
        {
            await run(runs * options.WarmupFiles);
            runs++;
        }
        while (Stopwatch.GetElapsedTime(start) < options.WarmupTime);
    }

    private async Task PropfindCheckedAsync(Target target, bool allprop, CancellationToken cancellationToken)
    {
        // The folder's own response plus one per member.
        var count = await target.CountPropfindAsync(SmallFolder, allprop, cancellationToken) - 1;
        if (count != options.Files)
        {
            throw new InvalidOperationException($"PROPFIND returned {count} members, expected {options.Files}");
        }
    }

    private async Task ListCheckedAsync(Target target, CancellationToken cancellationToken)
    {
        var count = await target.CountFolderAsync(SmallFolder, cancellationToken);
        if (count != options.Files)
        {
            throw new InvalidOperationException($"listing returned {count} entries, expected {options.Files}");
        }
    }

    private static Task PutGeneratedAsync(Target target, string path, long size, ulong seed, CancellationToken cancellationToken) =>
        target.PutGeneratedAsync(path, size, seed, cancellationToken);

    private static async Task<long> GetCountingAsync(Target target, string path, long expected, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(StreamBuffer);
        try
        {
            var bytes = await target.GetAsync(path, buffer, dav: false, cancellationToken);
            return bytes == expected ? bytes : throw new InvalidOperationException($"{path}: read {bytes} bytes, expected {expected}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Files first .. first + count - 1 of the folder; a warm-up's (first given) with content no timed file has.
    private Task PutSmallFilesAsync(Target target, string folder, int count, CancellationToken cancellationToken, bool dav = false, int? first = null) =>
        ParallelRequests.ForEachAsync(count, options.Concurrency, options.FileBytes, async (buffer, index) =>
        {
            // Distinct content per file, so a content-addressed store cannot deduplicate the work away.
            var seed = first is { } warm ? (1UL << 32) + (ulong)(warm + index) : (ulong)index + 1000;
            new PseudoRandom(seed).Fill(buffer);
            await target.PutSmallAsync(SmallName(folder, (first ?? 0) + index), buffer, options.FileBytes, dav, cancellationToken);
        });

    private async Task<long> GetSmallFilesAsync(Target target, string folder, int count, CancellationToken cancellationToken, bool dav = false)
    {
        long total = 0;
        await ParallelRequests.ForEachAsync(count, options.Concurrency, Math.Max(options.FileBytes, 16 * 1024), async (buffer, index) =>
        {
            var bytes = await target.GetAsync(SmallName(folder, index), buffer, dav, cancellationToken);
            if (bytes != options.FileBytes)
            {
                throw new InvalidOperationException($"{SmallName(folder, index)}: read {bytes} bytes, expected {options.FileBytes}");
            }

            Interlocked.Add(ref total, bytes);
        });
        return total;
    }

    private static string SmallName(string folder, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{folder}/f{index:D6}.bin");
}
