using Depot.Core.Data;

namespace Depot.Core.Files;

/// <summary>The rows an upload inserts, as <see cref="RowInsert"/>s: PostgreSQL gets a batch's rows of each as one statement.</summary>
internal static class FileRowInserts
{
    public static readonly RowInsert Blob = new(
        "blobs", [],
        new("id", "Id", typeof(string)), new("size", "Size", typeof(long?)), new("sha256", "Sha256", typeof(string)),
        new("created_at", "now", typeof(long?)));

    public static readonly RowInsert BlobContent = new(
        "blob_contents", ["blobs"],
        new("blob_id", "Id", typeof(string)), new("content", "content", typeof(byte[])));

    public static readonly RowInsert Node = new(
        "nodes", ["users", "nodes"],
        new("id", "Id", typeof(string)), new("owner_id", "OwnerId", typeof(string)), new("parent_id", "ParentId", typeof(string)),
        new("name", "Name", typeof(string)), new("name_key", "NameKey", typeof(string)), new("kind", "KindValue", typeof(int?)),
        new("current_version_id", "CurrentVersionId", typeof(string)), new("size", "Size", typeof(long?)),
        new("sha256", "Sha256", typeof(string)), new("content_type", "ContentType", typeof(string)),
        new("created_at", "CreatedAt", typeof(long?)), new("modified_at", "ModifiedAt", typeof(long?)),
        new("trashed_at", "TrashedAt", typeof(long?)), new("trashed_path", "TrashedPath", typeof(string)),
        new("revision", "Revision", typeof(long?)), new("sha1", "Sha1", typeof(string)), new("md5", "Md5", typeof(string)));

    public static readonly RowInsert Version = new(
        "versions", ["nodes", "blobs"],
        new("id", "Id", typeof(string)), new("node_id", "NodeId", typeof(string)), new("blob_id", "BlobId", typeof(string)),
        new("size", "Size", typeof(long?)), new("sha256", "Sha256", typeof(string)), new("created_at", "CreatedAt", typeof(long?)),
        new("created_by", "CreatedBy", typeof(string)), new("sha1", "Sha1", typeof(string)), new("md5", "Md5", typeof(string)),
        new("crc32c", "Crc32c", typeof(long?)));
}
