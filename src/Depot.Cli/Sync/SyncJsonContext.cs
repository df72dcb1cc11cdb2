using System.Text.Json;
using System.Text.Json.Serialization;

namespace Depot.Cli.Sync;

/// <summary>
/// <c>sync --json</c> writes one compact JSON object per line (events as they happen, then the summary), so a
/// long-running <c>--watch</c> can be read line by line, unlike the single document of other verbs.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SyncEvent))]
[JsonSerializable(typeof(SyncSummary))]
internal sealed partial class SyncJsonContext : JsonSerializerContext
{
    public static SyncJsonContext Relaxed { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
