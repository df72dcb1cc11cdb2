namespace Depot.Core.Backups;

/// <summary>
/// One finished backup (a row of <c>backups</c>, migration 0020): when it ended, whether it succeeded (<c>ok</c>) or why
/// not, and how much it copied. Times in Unix ms.
/// </summary>
public sealed record BackupRecord(string Id, string Destination, long StartedAt, long FinishedAt, string Result, long Blobs, long Bytes)
{
    public bool Succeeded => Result == BackupRecords.Ok;
}
