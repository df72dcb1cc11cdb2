namespace Depot.Server.Hosting;

/// <summary>
/// The arguments of <c>migrate-metadata</c>: its own options (<c>--from</c>, <c>--to</c>, <c>--connection-string</c>, each
/// as <c>--name value</c> or <c>--name=value</c>); everything else is server configuration (<c>--data</c>, <c>--Depot:…</c>).
/// </summary>
internal sealed record MigrateMetadataArguments(string? From, string? To, string? ConnectionString, string[] Settings)
{
    private static readonly string[] Own = ["--from", "--to", "--connection-string"];

    /// <summary>The parsed arguments, or null when one of the own options has no value.</summary>
    public static MigrateMetadataArguments? Parse(string[] args)
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

        return new MigrateMetadataArguments(values.GetValueOrDefault("--from")?.ToLowerInvariant(), values.GetValueOrDefault("--to")?.ToLowerInvariant(),
            values.GetValueOrDefault("--connection-string"), [.. settings]);
    }
}
