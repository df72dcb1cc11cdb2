namespace Depot.Core.Data.Copy;

/// <summary>
/// Parents before children, so every foreign key finds its row. A table that references itself (<c>nodes.parent_id</c>)
/// needs no order inside it: PostgreSQL checks a constraint that is not deferrable at the end of each statement, not
/// after each row (docs: SET CONSTRAINTS), and each table is copied by one <c>COPY</c> statement.
/// </summary>
internal static class CopyOrder
{
    public static IReadOnlyList<CopyTable> Sort(IReadOnlyList<CopyTable> tables)
    {
        var byName = tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<CopyTable>(tables.Count);
        // Name order first, so the copy (and its printed report) is the same on every run.
        foreach (var table in tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            Visit(table);
        }

        return ordered;

        void Visit(CopyTable table)
        {
            if (done.Contains(table.Name))
            {
                return;
            }

            if (!visiting.Add(table.Name))
            {
                throw new InvalidOperationException($"The foreign keys of table {table.Name} form a cycle; the copy cannot order it.");
            }

            foreach (var parent in table.Parents.Where(p => p != table.Name).Order(StringComparer.Ordinal))
            {
                Visit(byName.TryGetValue(parent, out var found)
                    ? found
                    : throw new InvalidOperationException($"Table {table.Name} references {parent}, which is not copied."));
            }

            visiting.Remove(table.Name);
            done.Add(table.Name);
            ordered.Add(table);
        }
    }
}
