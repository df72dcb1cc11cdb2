using System.Globalization;
using System.Text.Json;
using Depot.Bench;

// Reports are for sharing: "5,000" and "0.80" everywhere, whatever the machine's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args is ["failover", .. var failoverArgs])
{
    return await Failover.RunAsync(failoverArgs, Console.Out, Console.Error);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var targets = new List<Target>();
if (options.Nginx is { } nginx)
{
    targets.Add(new NginxTarget(HttpClients.Create(nginx, options.Concurrency)));
}

foreach (var depot in options.Depots)
{
    targets.Add(new DepotTarget(depot.Name, HttpClients.Create(depot.Url, options.Concurrency), options.DepotUser, options.DepotPassword ?? ""));
}

using var s3Client = options.S3 is { } s3 ? SdkTargets.Client(s3, options) : null;
if (s3Client is not null)
{
    targets.AddRange(SdkTargets.Create(s3Client, options.S3!, options));
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var startedAt = DateTimeOffset.UtcNow;
double? fsyncRate = null;
if (options.FsyncProbeDir is { } probeDir)
{
    fsyncRate = FsyncProbe.FilesPerSecond(probeDir, Math.Min(options.Files, 2000), options.FileBytes, options.Concurrency);
    Console.Error.WriteLine($"fsync probe: {fsyncRate:0} durable {options.FileBytes / 1024} KiB files/s with {options.Concurrency} threads");
}

// The start-up peak, before the runner restarts VmHWM for each phase (PeakRss.Reset).
var startupRss = options.DepotPids.ToDictionary(p => p.Key, p => PeakRss.MiB(p.Value));
var results = await new Runner(options, targets, Console.Error).RunAsync(cancel.Token);
var peakRss = new Dictionary<string, double?>();
if (options.NginxPid is { } nginxPid)
{
    peakRss["nginx"] = PeakRss.TreeMiB(nginxPid);
}

foreach (var (name, pid) in options.DepotPids)
{
    // The whole run's peak: the highest of start-up, every phase and the end.
    double?[] peaks = [startupRss[name], PeakRss.MiB(pid), .. results.Where(r => r.Target == name).Select(r => r.PeakRssMiB)];
    peakRss[name] = peaks.Max();
}

var depotNames = options.Depots.Select(d => d.Name).ToList();
var report = new BenchReport(
    startedAt,
    DateTimeOffset.UtcNow,
    BenchSettings.From(options),
    options.Meta.ToDictionary(p => p.Key, p => p.Value),
    depotNames,
    targets.OfType<SdkTarget>().Select(t => t.Name).ToList(),
    results,
    depotNames.Count > 0 ? peakRss.GetValueOrDefault(depotNames[0]) : null,
    peakRss.GetValueOrDefault("nginx"),
    peakRss,
    fsyncRate);

var markdown = options.Cluster ? ClusterReport.Render(report, options) : MarkdownReport.Render(report, options);
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
Console.WriteLine(markdown);
if (options.OutMarkdown is { } mdPath)
{
    // A cluster report is followed by run.sh's failover table: the raw JSON is in its own file only.
    await File.WriteAllTextAsync(mdPath, options.Cluster ? markdown : markdown + "\n<details><summary>Raw JSON</summary>\n\n```json\n" + json + "\n```\n</details>\n");
}

if (options.OutJson is { } jsonPath)
{
    await File.WriteAllTextAsync(jsonPath, json + "\n");
}

return results.Any(r => r.Error is not null) ? 1 : 0;
