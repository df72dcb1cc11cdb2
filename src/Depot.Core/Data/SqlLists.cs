using System.Data.Common;
using Npgsql;

namespace Depot.Core.Data;

/// <summary>
/// "Column is one of this list" for Dapper on either backend. Dapper expands <c>IN @list</c> into one parameter per
/// item for SQLite, but hands Npgsql the whole list as one array parameter (PostgreSQL has arrays), where
/// <c>IN $1</c> is a syntax error and <c>= ANY($1)</c> is the form: one statement text per backend, one plan.
/// </summary>
internal static class SqlLists
{
    /// <summary><c>column IN @parameter</c> (SQLite) or <c>column = ANY(@parameter)</c> (PostgreSQL); pass the list as an array.</summary>
    public static string In(DbConnection connection, string column, string parameter) =>
        connection is NpgsqlConnection ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";
}
