using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Jobs;

/// <summary>How often the maintenance job runs (<c>Depot:Maintenance</c>).</summary>
public sealed class MaintenanceOptions
{
    public const string Section = "Depot:Maintenance";

    // 1 hour: retention periods are days, so hourly is prompt enough, and a run over an idle store costs a few queries.
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
