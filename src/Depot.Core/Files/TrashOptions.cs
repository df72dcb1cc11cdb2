using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Files;

/// <summary>How long deleted files stay restorable (<c>Depot:Trash</c>).</summary>
public sealed class TrashOptions
{
    public const string Section = "Depot:Trash";

    // 30 days: long enough to notice a mistake after a holiday; quota counts trash, so not forever.
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
