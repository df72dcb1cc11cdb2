using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Changes;

/// <summary>The change feed (<c>Depot:Changes</c>).</summary>
public sealed class ChangeOptions
{
    public const string Section = "Depot:Changes";

    // 30 days: a laptop that was off for a holiday month still catches up from its cursor; older cursors answer
    // cursor_expired and the client lists its tree again. Each change costs a row of ~150 bytes per user who sees it.
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
