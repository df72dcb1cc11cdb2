namespace Depot.Core.Data.Copy;

/// <summary>
/// A table as the copy sees it: its columns, the columns that order its rows (the primary key) and the tables its
/// foreign keys point at (a self-reference, such as a node's parent, is not listed: see <see cref="CopyOrder"/>).
/// </summary>
internal sealed record CopyTable(string Name, IReadOnlyList<CopyColumn> Columns, IReadOnlyList<string> Key, IReadOnlyList<string> Parents)
{
    /// <summary>The column list, quoted, in the same order on both sides.</summary>
    public string ColumnList => string.Join(", ", Columns.Select(c => Sql.Quote(c.Name)));

    public string QuotedName => Sql.Quote(Name);

    /// <summary>
    /// Every row in key order. PostgreSQL compares text keys under <c>"C"</c> (bytes), as SQLite's default BINARY
    /// collation does, so both sides list the rows in the same order whatever the target database's collation.
    /// </summary>
    // The schema history both backends share: a version that ran on one backend only (NNNN_name.postgres / .sqlite) is
    // each side's own, neither copied nor compared.
    private string Filter => Name == CopySchema.MigrationsTable
        ? " WHERE version NOT LIKE '%.postgres' AND version NOT LIKE '%.sqlite'"
        : "";

    public string SelectInKeyOrder(bool postgres) =>
        $"SELECT {ColumnList} FROM {QuotedName}{Filter} ORDER BY " + string.Join(", ", Key.Select(k =>
            postgres && Columns.Single(c => c.Name == k).Kind == ColumnKind.Text ? $"{Sql.Quote(k)} COLLATE \"C\"" : Sql.Quote(k)));
}
