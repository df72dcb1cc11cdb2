using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Events;

/// <summary>The audit log (<c>Depot:Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Depot:Audit";

    // 365 days: covers a yearly access review and incidents noticed months late; the maintenance job deletes older
    // events. Raise it where a compliance regime asks for longer (the table grows by ~300 bytes per event).
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);
}
