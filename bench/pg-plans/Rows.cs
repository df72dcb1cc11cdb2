namespace Depot.PgPlans;

/// <summary>The generated rows of every table, in an order their foreign keys accept (parents before children).</summary>
internal sealed class Rows
{
    public List<object?[]> Users { get; } = [];
    public List<object?[]> Nodes { get; } = [];
    public List<object?[]> Blobs { get; } = [];
    public List<object?[]> Versions { get; } = [];
    public List<object?[]> Audit { get; } = [];
    public List<object?[]> Locks { get; } = [];
    public List<object?[]> Uploads { get; } = [];
    public List<object?[]> Shares { get; } = [];
    public List<object?[]> Mounts { get; } = [];

    public static readonly string[] UserColumns =
        ["id", "username", "username_key", "password_hash", "is_admin", "quota_bytes", "used_bytes", "root_id", "created_at"];

    public static readonly string[] NodeColumns =
        ["id", "owner_id", "parent_id", "name", "name_key", "kind", "current_version_id", "size", "sha256", "content_type",
            "created_at", "modified_at", "trashed_at", "trashed_path", "revision"];

    public static readonly string[] BlobColumns = ["id", "size", "sha256", "created_at"];

    public static readonly string[] VersionColumns = ["id", "node_id", "blob_id", "size", "sha256", "created_at", "created_by"];

    public static readonly string[] AuditColumns =
        ["id", "at", "action", "actor_id", "actor_name", "address", "target_owner_id", "target_node_id", "target_path", "details"];

    public static readonly string[] LockColumns =
        ["token", "owner_id", "path_key", "path", "depth_infinite", "exclusive", "owner_xml", "timeout_seconds", "expires_at", "created_by", "created_at"];

    public static readonly string[] UploadColumns =
        ["id", "user_id", "path", "length", "upload_offset", "reserved_bytes", "created_at", "expires_at", "charged_user_id"];

    public static readonly string[] ShareColumns =
        ["id", "node_id", "owner_id", "grantee_kind", "grantee_id", "role", "created_by", "created_at"];

    public static readonly string[] MountColumns = ["node_id", "target_id"];
}
