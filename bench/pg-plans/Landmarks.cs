namespace Depot.PgPlans;

/// <summary>The ids the probes start from, found while generating the tree.</summary>
internal sealed class Landmarks
{
    public string AliceId { get; set; } = "";
    public string AliceRootId { get; set; } = "";
    public string BobId { get; set; } = "";
    public string BigFolderId { get; set; } = "";
    public string DeepFileId { get; set; } = "";

    /// <summary>A top-level folder of alice's with thousands of descendants: what a move, copy or delete of a large folder walks.</summary>
    public string LargeSubtreeId { get; set; } = "";

    public int LargeSubtreeSize { get; set; }

    /// <summary>A name key in the middle of the big folder, for a keyset page that starts there.</summary>
    public string BigFolderMiddleKey { get; set; } = "";

    public long BigFolderMiddleSize { get; set; }

    public long BigFolderMiddleModified { get; set; }

    /// <summary>An audit event in the middle of the log, for a page that starts there.</summary>
    public (long At, string Id) AuditMiddle { get; set; }
}
