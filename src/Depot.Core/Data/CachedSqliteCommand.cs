using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Depot.Core.Data;

/// <summary>
/// A command of a <see cref="PooledSqliteConnection"/>: it collects text, parameters and transaction like any
/// command, and runs them on the physical connection's prepared command for that text, so the SQL is parsed and
/// planned once per connection instead of once per execution.
/// </summary>
internal sealed class CachedSqliteCommand(PooledSqliteConnection connection) : DbCommand
{
    // Holds the parameters (SqliteParameterCollection has no public constructor); never executed.
    private readonly SqliteCommand _parameters = new();
    private SqliteCommand? _uncached;

    [AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new ArgumentException("SQLite runs SQL text only.", nameof(value));
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set => throw new NotSupportedException("A cached command stays on its connection.");
    }

    protected override DbParameterCollection DbParameterCollection => _parameters.Parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    // Cancelling is not supported by Microsoft.Data.Sqlite either; statements are short.
    public override void Cancel()
    {
    }

    public override void Prepare()
    {
    }

    public override int ExecuteNonQuery() => Guard(command => command.ExecuteNonQuery());

    public override object? ExecuteScalar() => Guard(command => command.ExecuteScalar());

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    // CloseConnection would close the physical connection under the pool; the caller closes the pooled one instead.
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
        Guard(command => command.ExecuteReader(behavior & ~CommandBehavior.CloseConnection));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // _uncached belongs to the physical connection. Disposed while this caller still holds the connection, it goes
            // at once (a long transaction does not pile them up); otherwise the connection disposed it when given back.
            if (_uncached is not null && connection.State == ConnectionState.Open)
            {
                connection.Physical.Release(_uncached);
            }

            _parameters.Dispose();
        }

        base.Dispose(disposing);
    }

    // A statement that failed may leave its connection in a state SQLite documents as undefined (SQLITE_FULL, IOERR,
    // NOMEM roll back or not): the connection is discarded on return rather than reasoned about. A few microseconds
    // to open another beat a pool that answers 500 for ever.
    private T Guard<T>(Func<SqliteCommand, T> run)
    {
        var command = Bind();
        try
        {
            return run(command);
        }
        catch (SqliteException)
        {
            connection.Physical.Discard();
            throw;
        }
    }

    /// <summary>The physical connection's command for this text, given this command's parameters and transaction.</summary>
    private SqliteCommand Bind()
    {
        var physical = connection.Physical;
        var command = physical.Statement(CommandText);
        if (command is null)
        {
            _uncached ??= physical.Overflow();
            _uncached.CommandText = CommandText;
            command = _uncached;
        }

        command.Transaction = DbTransaction switch
        {
            null => null,
            PooledSqliteTransaction pooled => pooled.Inner,
            var other => (SqliteTransaction)other,
        };
        command.CommandTimeout = CommandTimeout;
        command.Parameters.Clear();
        foreach (SqliteParameter parameter in _parameters.Parameters)
        {
            parameter.ParameterName = SqliteParameterNames.Of(parameter.ParameterName);
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
