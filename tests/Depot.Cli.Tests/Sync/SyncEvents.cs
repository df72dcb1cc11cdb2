using Depot.Cli.Tests.Flows;
using System.Text.Json;

namespace Depot.Cli.Tests.Sync;

/// <summary>The events of a <c>sync --json</c> run: one (event, path) per action line, and the summary object.</summary>
internal sealed record SyncEvents(IReadOnlyList<(string Event, string Path)> Actions, JsonElement Summary)
{
    public static SyncEvents Parse(CliResult result)
    {
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var actions = lines.SkipLast(1).Select(e => (e.GetProperty("event").GetString()!, e.GetProperty("path").GetString()!)).ToList();
        return new SyncEvents(actions, lines[^1]);
    }

    public IEnumerable<string> Of(string name) => Actions.Where(a => a.Event == name).Select(a => a.Path);

    public long Requests => Summary.GetProperty("requests").GetInt64();

    /// <summary>Nothing was uploaded, downloaded, moved or deleted.</summary>
    public bool Idle => Actions.Count == 0;
}
