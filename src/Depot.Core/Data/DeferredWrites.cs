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
/// </summary>
internal sealed partial class DeferredWrites(DbConnection connection, DbTransaction transaction)
{
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo[]> Bound = new();

    private readonly List<(string Sql, object? Parameters)> _statements = [];

    public bool Batches { get; } = connection.CanCreateBatch;

    public int Count => _statements.Count;

    public void Add(string sql, object? parameters) => _statements.Add((sql, parameters));

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
        foreach (var (sql, parameters) in _statements)
        {
            batch.BatchCommands.Add(Command(batch, sql, parameters));
        }

        _statements.Clear();
        return batch;
    }

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
