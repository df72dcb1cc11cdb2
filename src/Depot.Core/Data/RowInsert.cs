using System.Collections.Frozen;

namespace Depot.Core.Data;

/// <summary>
/// An INSERT of one row whose outcome nothing reads, which <see cref="DeferredWrites"/> may send together with the same
/// insert of other rows as <em>one</em> statement on PostgreSQL: <c>INSERT … SELECT * FROM unnest(@a, @b, …)</c>, each
/// parameter an array with one element a row.
/// <para>
/// Why: a batch of small uploads writes the same four rows per upload (blob, content, node, version). On PostgreSQL each
/// statement pays a fixed cost before its row: binding a cached plan, starting and ending an executor that opens the
/// table and every index on it (seven on <c>nodes</c>). In a profile of the small-file upload row that start-up was
/// about a third of the backend's CPU, in the one backend a tree's uploads wait for (bench/README.md, "Issue 10: a
/// batch's reads at its start, its rows one statement a table"). One text per table whatever the number of rows keeps
/// it one prepared statement.
/// </para>
/// </summary>
/// <param name="table">The table written.</param>
/// <param name="references">The tables this table's foreign keys point to: a row may not move before a row of one of them.</param>
/// <param name="columns">The columns, each with its parameter's name in <see cref="Sql"/> and the CLR type of its array's elements.</param>
internal sealed class RowInsert(string table, IReadOnlyList<string> references, params IReadOnlyList<RowColumn> columns)
{
    private readonly FrozenSet<string> _references = references.ToFrozenSet(StringComparer.Ordinal);

    public string Table => table;

    /// <summary>One row: <c>INSERT INTO table (…) VALUES (@…)</c>.</summary>
    public string Sql { get; } =
        $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select(c => "@" + c.Parameter))})";

    /// <summary>Any number of rows, each parameter an array (PostgreSQL).</summary>
    public string ManySql { get; } =
        $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) SELECT * FROM unnest({string.Join(", ", columns.Select(c => "@" + c.Parameter))})";

    /// <summary>Whether a row of this insert may be sent before a row of <paramref name="other"/> that was written first.</summary>
    public bool MayPass(RowInsert other) => other.Table != table && !_references.Contains(other.Table);

    /// <summary>The column arrays of <paramref name="rows"/> for <see cref="ManySql"/>, each row read by <paramref name="value"/>.</summary>
    public IReadOnlyDictionary<string, object?> Arrays(IReadOnlyList<object> rows, Func<object, string, object?> value)
    {
        var arrays = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var array = Array.CreateInstance(column.ElementType, rows.Count);
            var target = Nullable.GetUnderlyingType(column.ElementType) ?? column.ElementType;
            for (var i = 0; i < rows.Count; i++)
            {
                if (value(rows[i], column.Parameter) is { } v)
                {
                    array.SetValue(v.GetType() == target ? v : Convert.ChangeType(v, target, System.Globalization.CultureInfo.InvariantCulture), i);
                }
            }

            arrays.Add(column.Parameter, array);
        }

        return arrays;
    }
}

/// <summary>A column of a <see cref="RowInsert"/>: its name, the parameter that carries it, its array's element type (<c>long?</c> for a nullable BIGINT).</summary>
internal readonly record struct RowColumn(string Name, string Parameter, Type ElementType);
