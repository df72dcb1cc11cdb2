using System.Globalization;
using System.Text.Json;

namespace Depot.Cli.Sync;

/// <summary>Reports sync events as they happen: a line per action for people, a JSON object per line with <c>--json</c>.</summary>
internal sealed class SyncOutput(Invocation run, bool dryRun)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private List<(TextWriter Writer, string Line)>? _held;

    public Invocation Run => run;

    /// <summary>Progress bars are drawn for transfers: stderr is a terminal and the output is not JSON.</summary>
    public bool ShowsProgress => run.Host.ShowProgress && !run.Json && !dryRun;

    /// <summary>
    /// Holds the human lines until disposed: written while progress bars are drawn, they would tear the bars apart.
    /// </summary>
    public IDisposable Hold()
    {
        lock (_lock)
        {
            _held = [];
        }

        return new Release(this);
    }

    private sealed class Release(SyncOutput output) : IDisposable
    {
        public void Dispose()
        {
            lock (output._lock)
            {
                foreach (var (writer, line) in output._held ?? [])
                {
                    writer.WriteLine(line);
                }

                output._held = null;
            }
        }
    }

    public int Count(string name)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault(name);
        }
    }

    public void Report(string name, string path, string? detail = null)
    {
        lock (_lock)
        {
            _counts[name] = _counts.GetValueOrDefault(name) + 1;
            if (name == "record")
            {
                return;   // bookkeeping only: nothing moved
            }

            if (run.Json)
            {
                run.WriteLine(JsonSerializer.Serialize(new SyncEvent(name, path, detail, dryRun ? true : null), SyncJsonContext.Relaxed.SyncEvent));
            }
            else
            {
                var writer = name == "error" ? run.Host.Error : run.Host.Out;
                var line = $"{(dryRun ? "would " : "")}{name,-13} {path}{(detail is null ? "" : $"  ({detail})")}";
                if (_held is { } held)
                {
                    held.Add((writer, line));
                }
                else
                {
                    writer.WriteLine(line);
                }
            }
        }
    }

    public void Summary(long requests, TimeSpan elapsed)
    {
        var summary = new SyncSummary("summary", Count("upload"), Count("download"), Count("move-remote") + Count("move-local"),
            Count("delete-remote") + Count("delete-local"), Count("conflict"), Count("error"), requests, Math.Round(elapsed.TotalSeconds, 2));
        if (run.Json)
        {
            run.WriteLine(JsonSerializer.Serialize(summary, SyncJsonContext.Relaxed.SyncSummary));
            return;
        }

        run.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(dryRun ? "dry run: " : "")}{summary.Uploaded} uploaded, {summary.Downloaded} downloaded, {summary.Moved} moved, {summary.Deleted} deleted, {summary.Conflicts} conflict(s), {summary.Errors} error(s); {requests} requests in {summary.Seconds:0.0} s"));
    }
}
