namespace Depot.Core.Jobs;

/// <summary>What one maintenance run removed.</summary>
public sealed record MaintenanceReport(int TrashPurged, int VersionsPruned, int BlobsDeleted, int OrphansDeleted);
