using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Files;

/// <summary>How long old versions of a file are kept (<c>Depot:Versions</c>). Quota counts every version kept.</summary>
public sealed class VersionOptions
{
    public const string Section = "Depot:Versions";

    // 50: a file saved every working day keeps ten weeks of history, while an editor that autosaves every
    // minute cannot turn one file into thousands of rows that all count against the quota.
    [Range(1, 10_000)]
    public int MaxCount { get; set; } = 50;

    // 90 days: a quarter, the usual horizon for "what did this say before?"; older history mostly costs quota.
    [Range(typeof(TimeSpan), "01:00:00", "36500.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(90);
}
