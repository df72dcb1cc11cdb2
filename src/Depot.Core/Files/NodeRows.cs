using System.Data.Common;
using Depot.Core.Data;

namespace Depot.Core.Files;

/// <summary>
/// Reads <c>nodes</c> and <c>versions</c> rows by position with typed getters, for the queries that return many of
/// them (listings) or run on every request (path lookups). Dapper's generated reader fetches each column through
/// <c>GetValue</c>, which in Microsoft.Data.Sqlite looks up the declared type and boxes every value; reading by
/// position took 13% off the server's CPU time for a 5,000-entry listing (bench/README.md's workload). The columns
/// are <see cref="Columns"/> and <see cref="VersionColumns"/> in that order.
/// </summary>
internal static class NodeRows
{
    public const string Columns =
        "n.id, n.owner_id, n.parent_id, n.name, n.name_key, n.kind, n.current_version_id, n.size, n.sha256, n.content_type, " +
        "n.created_at, n.modified_at, n.trashed_at, n.trashed_path, n.revision, n.sha1, n.md5";

    /// <summary><see cref="Columns"/> without the table's alias: for a CTE that carries them.</summary>
    public const string Names =
        "id, owner_id, parent_id, name, name_key, kind, current_version_id, size, sha256, content_type, " +
        "created_at, modified_at, trashed_at, trashed_path, revision, sha1, md5";

    public const int ColumnCount = 17;

    /// <summary>
    /// The columns of a folder's live children (<see cref="ReadChild"/>): not the parent (the query's own), nor the trash
    /// columns (null for a live node), nor SHA-1 and MD5 unless <see cref="ChildChecksums"/> follows; ids and SHA-256 that
    /// may be null come as '' so one call reads each. Each column read is a P/Invoke with a SafeHandle reference count
    /// and SQLite's mutex, the largest share of a 5,000-entry PROPFIND's profile once the XML was cheap: 12 reads a row
    /// instead of about 22 (bench/README.md, "PROPFIND, 2026-12-05").
    /// </summary>
    public const string ChildColumns =
        "n.id, n.owner_id, n.name, n.name_key, n.kind, COALESCE(n.current_version_id, ''), n.size, COALESCE(n.sha256, ''), n.content_type, " +
        "n.created_at, n.modified_at, n.revision";

    public const string ChildChecksums = ", n.sha1, n.md5";

    // The blob's damage mark comes along as a scalar subquery (a primary-key lookup), so every query that reads versions
    // has it without changing its joins, and a download still costs one metadata query.
    public const string VersionColumns =
        "v.id, v.node_id, v.blob_id, v.size, v.sha256, v.created_at, v.created_by, (SELECT b.damaged_at FROM blobs b WHERE b.id = v.blob_id), v.sha1, v.md5, v.crc32c";

    public const int VersionColumnCount = 11;

    /// <summary>A row of <see cref="Columns"/> from <paramref name="at"/> on.</summary>
    public static Node Read(DbDataReader row, int at = 0) => Read(new DataReaderRow(row), at);

    /// <inheritdoc cref="Read(DbDataReader, int)"/>
    public static Node Read<TRow>(TRow row, int at = 0)
        where TRow : struct, IRowColumns => new()
    {
        Id = row.GetString(at),
        OwnerId = row.GetString(at + 1),
        ParentId = StringOrNull(row, at + 2),
        Name = row.GetString(at + 3),
        NameKey = row.GetString(at + 4),
        Kind = (NodeKind)row.GetInt64(at + 5),
        CurrentVersionId = StringOrNull(row, at + 6),
        Size = row.GetInt64(at + 7),
        Sha256 = StringOrNull(row, at + 8),
        ContentType = StringOrNull(row, at + 9),
        CreatedAt = row.GetInt64(at + 10),
        ModifiedAt = row.GetInt64(at + 11),
        TrashedAt = row.IsDBNull(at + 12) ? null : row.GetInt64(at + 12),
        TrashedPath = StringOrNull(row, at + 13),
        Revision = row.GetInt64(at + 14),
        Sha1 = StringOrNull(row, at + 15),
        Md5 = StringOrNull(row, at + 16),
    };

    /// <summary>A row of <see cref="ChildColumns"/> (and <see cref="ChildChecksums"/> when <paramref name="checksums"/>).</summary>
    public static Node ReadChild<TRow>(TRow row, string parentId, bool checksums)
        where TRow : struct, IRowColumns => new()
    {
        Id = row.GetString(0),
        OwnerId = row.GetString(1),
        ParentId = parentId,
        Name = row.GetString(2),
        NameKey = row.GetString(3),
        Kind = (NodeKind)row.GetInt64(4),
        CurrentVersionId = EmptyIsNull(row.GetString(5)),
        Size = row.GetInt64(6),
        Sha256 = EmptyIsNull(row.GetString(7)),
        ContentType = row.IsDBNull(8) ? null : row.GetString(8),
        CreatedAt = row.GetInt64(9),
        ModifiedAt = row.GetInt64(10),
        Revision = row.GetInt64(11),
        Sha1 = checksums && !row.IsDBNull(12) ? row.GetString(12) : null,
        Md5 = checksums && !row.IsDBNull(13) ? row.GetString(13) : null,
    };

    /// <summary>
    /// A node on the way of a path walk, with only what the walk reads of it: id (to follow a mount), owner, name (the
    /// stored path) and kind. Every other property keeps its default, so such a node must not leave the walk.
    /// </summary>
    public static Node ReadStep<TRow>(TRow row)
        where TRow : struct, IRowColumns => new()
    {
        Id = row.GetString(0),
        OwnerId = row.GetString(1),
        Name = row.GetString(3),
        Kind = (NodeKind)row.GetInt64(5),
    };

    /// <summary>The version at <paramref name="at"/>, or null when its columns are null (an outer join found none).</summary>
    public static FileVersion? ReadVersion(DbDataReader row, int at) => ReadVersion(new DataReaderRow(row), at);

    /// <inheritdoc cref="ReadVersion(DbDataReader, int)"/>
    public static FileVersion? ReadVersion<TRow>(TRow row, int at)
        where TRow : struct, IRowColumns => row.IsDBNull(at) ? null : new FileVersion
    {
        Id = row.GetString(at),
        NodeId = row.GetString(at + 1),
        BlobId = row.GetString(at + 2),
        Size = row.GetInt64(at + 3),
        Sha256 = row.GetString(at + 4),
        CreatedAt = row.GetInt64(at + 5),
        CreatedBy = StringOrNull(row, at + 6),
        DamagedAt = row.IsDBNull(at + 7) ? null : row.GetInt64(at + 7),
        Sha1 = StringOrNull(row, at + 8),
        Md5 = StringOrNull(row, at + 9),
        Crc32c = row.IsDBNull(at + 10) ? null : (uint)row.GetInt64(at + 10),
    };

    private static string? EmptyIsNull(string value) => value.Length == 0 ? null : value;

    private static string? StringOrNull<TRow>(TRow row, int ordinal)
        where TRow : struct, IRowColumns => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
