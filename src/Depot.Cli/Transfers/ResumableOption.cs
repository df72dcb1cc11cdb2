using System.CommandLine;
using Depot.Cli.Parsing;

namespace Depot.Cli.Transfers;

/// <summary>The <c>--resumable-above SIZE</c> option of put: from which size files go by tus and can be resumed.</summary>
internal static class ResumableOption
{
    // 64 MiB: below it repeating a failed upload costs seconds; above it resuming saves real time on slow links.
    private const long DefaultBytes = 64L * 1024 * 1024;

    public static Option<long> Create() => new("--resumable-above")
    {
        Description = "Upload files of at least this size (e.g. 64MiB, 1G) resumably: re-running an interrupted put resumes it (default 64MiB)",
        DefaultValueFactory = _ => DefaultBytes,
        CustomParser = result => SizeParser.TryParse(result.Tokens.Single().Value, out var bytes) ? bytes
            : Fail(result),
    };

    private static long Fail(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError($"'{result.Tokens.Single().Value}' is not a size like 64MiB or 1G.");
        return 0;
    }
}
