using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Depot.Core.Data;

/// <summary>
/// Statements of a write transaction whose outcome nothing reads (inserts and updates), held back and sent in one
/// round trip (<see cref="DbBatch"/>) just before the next statement that must answer, or the commit. On PostgreSQL an
/// upload's five writes then cost one round trip instead of five, all of it while the tree's lock is held. Where the
/// provider has no batches (SQLite, in-process, where a statement costs microseconds), each runs at once.
/// A failed statement fails the flush, so its error reaches the caller before the commit, as it would have at once.
/// A query may go in the same round trip, after them (<see cref="ReadAsync{T}(string, object, Func{DbDataReader, Task{T}}, CancellationToken)"/>): a group commit's SAVEPOINT rides on the
/// first query of its work.
/// <para>
/// Row inserts (<see cref="RowInsert"/>) of one kind go as one statement where the provider takes arrays (PostgreSQL):
/// a row joins the latest statement of its kind if it may move before everything held back after that one
/// (<see cref="Plan"/>), so a batch of uploads sends its blobs, contents, nodes and versions as four statements.
/// </para>
/// </summary>
internal sealed partial class DeferredWrites(DbConnection connection, DbTransaction transaction)
{
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo[]> Bound = new();
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo> RowProperties = new();

    private readonly List<Held> _statements = [];

    public bool Batches { get; } = connection.CanCreateBatch;

    // Arrays as parameters: PostgreSQL's unnest.
    private readonly bool _mergesRows = connection is Npgsql.NpgsqlConnection;

    public int Count => _statements.Count;

    public void Add(string sql, object? parameters) => _statements.Add(new Held(sql, parameters, null));

    /// <summary>A row insert, which may go with others of its kind (<see cref="Plan"/>).</summary>
    public void Add(RowInsert insert, object parameters) => _statements.Add(new Held(insert.Sql, parameters, insert));

    /// <summary>Forgets the statements from <paramref name="index"/> on (they were never sent).</summary>
    public void DropFrom(int index) => _statements.RemoveRange(index, _statements.Count - index);

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_statements.Count == 0)
        {
            return;
        }

        await using var batch = TakeBatch();
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The held-back statements and then the query <paramref name="sql"/>, in one round trip; <paramref name="read"/> reads
    /// the query's rows (statements that return none give the reader no result).
    /// </summary>
    public Task<T> ReadAsync<T>(string sql, object parameters, Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken) =>
        ReadAsync([(sql, parameters)], read, cancellationToken);

    /// <summary>
    /// The held-back statements and then <paramref name="queries"/>, in one round trip; <paramref name="read"/> starts at the
    /// first query's rows and moves to the next query's with <see cref="DbDataReader.NextResultAsync(CancellationToken)"/>.
    /// A parameters object is bound by the properties its statement names, or is a dictionary of names to values.
    /// </summary>
    public async Task<T> ReadAsync<T>(
        IReadOnlyList<(string Sql, object Parameters)> queries, Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var batch = TakeBatch();
        foreach (var (sql, parameters) in queries)
        {
            batch.BatchCommands.Add(Command(batch, sql, parameters));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await read(reader);
    }

    // Cleared as taken: a failed batch is not sent again, the transaction is rolled back (or its savepoint).
    private DbBatch TakeBatch()
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var (sql, parameters) in _mergesRows ? Plan(_statements) : _statements.Select(h => (h.Sql, h.Parameters)))
        {
            batch.BatchCommands.Add(Command(batch, sql, parameters));
        }

        _statements.Clear();
        return batch;
    }

    /// <summary>
    /// The statements to send for <paramref name="held"/>, in order, with row inserts of one kind merged: a row joins the
    /// latest statement of its kind when every statement after that one is a row insert it may pass
    /// (<see cref="RowInsert.MayPass"/>: another table, not one it references). Anything else (an update, a delete, a
    /// savepoint) keeps its place and nothing moves past it. Inserts of new rows into other tables commute, so the
    /// database ends as the statements one by one would leave it; if one fails, the whole round trip fails either way.
    /// </summary>
    internal static List<(string Sql, object? Parameters)> Plan(IReadOnlyList<Held> held)
    {
        var planned = new List<(Held First, List<object>? Rows)>(held.Count);
        foreach (var statement in held)
        {
            var joined = false;
            if (statement.Insert is { } insert)
            {
                for (var i = planned.Count - 1; i >= 0; i--)
                {
                    var (first, rows) = planned[i];
                    if (ReferenceEquals(first.Insert, insert))
                    {
                        if (rows is null)
                        {
                            rows = [first.Parameters!];
                            planned[i] = (first, rows);
                        }

                        rows.Add(statement.Parameters!);
                        joined = true;
                        break;
                    }

                    if (first.Insert is not { } earlier || !insert.MayPass(earlier))
                    {
                        break;
                    }
                }
            }

            if (!joined)
            {
                planned.Add((statement, null));
            }
        }

        return [.. planned.Select(p => p.Rows is null
            ? (p.First.Sql, p.First.Parameters)
            : (p.First.Insert!.ManySql, (object?)p.First.Insert.Arrays(p.Rows, ValueOf)))];
    }

    // A merged row's value of one column: about sixty a small upload, so the property is looked up once per row type.
    private static object? ValueOf(object row, string parameter) =>
        RowProperties.GetOrAdd((row.GetType(), parameter), static key =>
            key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
            ?? throw new InvalidOperationException($"{key.Item1.Name} has no property for @{key.Item2}.")).GetValue(row);

    /// <summary>A statement held back; <paramref name="Insert"/> when it is a row insert that may be merged.</summary>
    internal readonly record struct Held(string Sql, object? Parameters, RowInsert? Insert);

    private static DbBatchCommand Command(DbBatch batch, string sql, object? parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        var values = parameters switch
        {
            null => [],
            IReadOnlyDictionary<string, object?> named => named.Select(p => (p.Key, p.Value)),
            _ => PropertiesUsedBy(parameters.GetType(), sql).Select(p => (p.Name, p.GetValue(parameters))),
        };
        foreach (var (name, value) in values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    // As Dapper binds: the properties the statement names (@Name), so passing a whole record binds only what is used.
    private static PropertyInfo[] PropertiesUsedBy(Type type, string sql) => Bound.GetOrAdd((type, sql), key =>
    {
        var named = ParameterName().Matches(key.Item2).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. key.Item1.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => named.Contains(p.Name))];
    });

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex ParameterName();
}
