using System.Data.Common;

namespace Depot.Core.Data;

/// <summary>
/// Typed column reads of a result row by position: what the hot row readers (<see cref="Files.NodeRows"/>) need, from
/// an ADO.NET reader (<see cref="DataReaderRow"/>) or straight from a SQLite statement (<see cref="SqliteRow"/>). Both
/// are structs, so a reader generic over them is compiled once for each, without interface calls.
/// </summary>
internal interface IRowColumns
{
    bool IsDBNull(int column);

    long GetInt64(int column);

    string GetString(int column);

    byte[] GetBytes(int column);
}

/// <summary>The current row of a <see cref="DbDataReader"/> as <see cref="IRowColumns"/>.</summary>
internal readonly struct DataReaderRow(DbDataReader reader) : IRowColumns
{
    public bool IsDBNull(int column) => reader.IsDBNull(column);

    public long GetInt64(int column) => reader.GetInt64(column);

    public string GetString(int column) => reader.GetString(column);

    public byte[] GetBytes(int column) => reader.GetFieldValue<byte[]>(column);
}
