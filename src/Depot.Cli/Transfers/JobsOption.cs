using System.CommandLine;

namespace Depot.Cli.Transfers;

/// <summary>The <c>-j N</c> option of put and get.</summary>
internal static class JobsOption
{
    // 4 parallel files: enough to hide per-file round trips on small files without starving a home upload link.
    private const int DefaultJobs = 4;

    public static Option<int> Create()
    {
        var option = new Option<int>("--jobs", "-j")
        {
            Description = $"Files transferred in parallel (default {DefaultJobs})",
            DefaultValueFactory = _ => DefaultJobs,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 64)
            {
                result.AddError("--jobs must be between 1 and 64.");
            }
        });
        return option;
    }
}
