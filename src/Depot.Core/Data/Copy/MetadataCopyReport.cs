namespace Depot.Core.Data.Copy;

/// <summary>
/// What a copy did: every table's check, in copy order, and whether it was committed (only when every table matched;
/// otherwise it was rolled back and the target holds the empty schema).
/// </summary>
public sealed record MetadataCopyReport(IReadOnlyList<TableCheck> Tables, bool Committed)
{
    public long Rows => Tables.Sum(t => t.TargetRows);
}
