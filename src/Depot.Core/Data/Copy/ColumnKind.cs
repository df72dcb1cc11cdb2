namespace Depot.Core.Data.Copy;

/// <summary>
/// The column types Depot's portable schema uses (ids and names TEXT, instants and sizes BIGINT, booleans and small
/// enums INTEGER, small files' content BYTEA), as PostgreSQL declares them: SQLite's types are only affinities, so the target decides.
/// </summary>
internal enum ColumnKind
{
    Text,
    Integer,
    BigInt,
    Bytes,
}
