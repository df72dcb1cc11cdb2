namespace Depot.Protocol.Admin;

/// <summary>
/// <c>GET</c>/<c>POST /api/v1/admin/scrub</c>: whether a blob scrub is running (and how far it got), the rate it is held
/// to, and the report of the last completed one.
/// </summary>
public sealed record ScrubStatus(bool Running, long BytesPerSecond, long BlobsCheckedSoFar, DateTimeOffset? StartedAt, ScrubReportInfo? Last);
