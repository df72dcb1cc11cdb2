namespace Depot.Server.Hosting;

/// <summary>
/// The arguments of <c>migrate-blobs</c>: its own options (<c>--to</c>, and <c>--from</c>, which may only say
/// <c>local</c>, each as <c>--name value</c> or <c>--name=value</c>); everything else is server configuration
/// (<c>--data</c>, <c>--Depot:Storage:S3:…</c>).
/// </summary>
internal sealed record MigrateBlobsArguments(string From, string? To, string[] Settings)
{
    private static readonly string[] Own = ["--from", "--to"];

    /// <summary>The parsed arguments, or null when one of the own options has no value.</summary>
    public static MigrateBlobsArguments? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (!Own.Contains(name))
            {
                settings.Add(args[i]);
                continue;
            }

            var value = inline ?? (i + 1 < args.Length ? args[++i] : null);
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            values[name] = value;
        }

        // The data folder's blobs/ is the only source there is: --from may say so, and defaults to it.
        return new MigrateBlobsArguments(values.GetValueOrDefault("--from")?.ToLowerInvariant() ?? "local",
            values.GetValueOrDefault("--to")?.ToLowerInvariant(), [.. settings]);
    }
}
