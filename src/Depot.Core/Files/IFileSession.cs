using Depot.Core.Locks;
using Depot.Core.Storage;

namespace Depot.Core.Files;

/// <summary>The statements of the file metadata store, run on one connection (and, for writes, one transaction).</summary>
public interface IFileSession : IAsyncDisposable
{
    /// <summary>
    /// In a write session, takes the write locks of the trees these users own (<see cref="Data.WriteScope.Tree"/>) that
    /// it does not hold yet, held until the session ends: what it reads in those trees afterwards stays true until
    /// commit. True when a lock was newly taken on a backend where that matters (PostgreSQL), so anything read from
    /// those trees before must be read again; false in read sessions and on SQLite, whose write session holds every
    /// tree from its start.
    /// </summary>
    Task<bool> LockTreesAsync(IEnumerable<string> ownerIds, CancellationToken cancellationToken);

    /// <summary>Whether this is a write session that holds the tree <paramref name="ownerId"/> owns.</summary>
    bool HoldsTree(string ownerId);

    /// <summary>
    /// Whether what this session read in the tree <paramref name="ownerId"/> owns is as good as reading it again now:
    /// true for a read session (there is no lock to have waited for), a write session that held the tree before its first
    /// statement (SQLite's, which holds everything; a group commit batch's own tree on PostgreSQL). False for a tree a
    /// write session locked on the way, which may have changed between an earlier read and the lock.
    /// </summary>
    bool ReadsStayCurrent(string ownerId);

    Task<UserSpace?> GetUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The user's storage fields and root folder (null when it does not exist yet) in one query.</summary>
    Task<(UserSpace User, Node? Root)?> GetUserAndRootAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads in one round trip what an upload's checks read first: <paramref name="userId"/>'s storage and root folder, the
    /// walk from that root along <paramref name="nameKeys"/>, and whether any lock is live. <see cref="GetUserAndRootAsync"/>,
    /// <see cref="ResolveAsync"/>, <see cref="FindChildAsync"/> and <see cref="AnyLockAsync"/> answer from it where it covers
    /// them, until the session writes, rolls back or locks another tree. Only in a group commit batch writing
    /// <paramref name="userId"/>'s tree on a provider that batches statements (PostgreSQL), where it saves three round
    /// trips an upload while the tree's lock is held; elsewhere it does nothing.
    /// </summary>
    Task PrefetchWalkAsync(string userId, IReadOnlyList<string> nameKeys, long now, CancellationToken cancellationToken);

    /// <summary>
    /// Walks live children by name key from <paramref name="folderId"/>, in one query: the node for each key in
    /// turn, stopping at the first key that has no live child (so fewer nodes than keys means "not found there").
    /// </summary>
    Task<IReadOnlyList<Node>> ResolveAsync(string folderId, IReadOnlyList<string> nameKeys, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ResolveAsync"/> from the user's root folder, in one query with the root itself and each node's current
    /// version (files only have one): the root first, then the nodes along the keys. The root and the node of the last
    /// key are complete; the nodes between them carry only id, owner, name and kind (<see cref="NodeRows.ReadStep"/>),
    /// all a walk needs. Null when the user or their root folder does not exist. <paramref name="withContent"/>: the last
    /// key's current version also carries its content when that is kept inline (<see cref="FileVersion.InlineContent"/>).
    /// </summary>
    Task<IReadOnlyList<(Node Node, FileVersion? Current)>?> ResolveFromRootAsync(
        string userId, IReadOnlyList<string> nameKeys, CancellationToken cancellationToken, bool withContent = false);

    /// <summary>Creates the user's root folder (id <c>users.root_id</c>) unless it exists.</summary>
    Task EnsureRootAsync(UserSpace user, long now, CancellationToken cancellationToken);

    Task<Node?> GetNodeAsync(string id, CancellationToken cancellationToken);

    /// <summary>The live (not trashed) child of a folder with the given name key.</summary>
    Task<Node?> FindChildAsync(string parentId, string nameKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<Node>> ListChildrenAsync(string parentId, ChildPage page, CancellationToken cancellationToken, string? treeOwnerId = null);

    /// <summary>The node, its parent, …, up to its root, in that order.</summary>
    Task<IReadOnlyList<Node>> GetAncestorsAsync(string id, CancellationToken cancellationToken);

    /// <summary>The node and every descendant (trashed ones included), parents before children, with their depth below it.</summary>
    Task<IReadOnlyList<(Node Node, int Depth)>> GetSubtreeAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// How far the live subtree under the node reaches: its deepest level below the node, and the paths relative to the
    /// node (<c>/a/b</c>) of at least <paramref name="minChars"/> characters, the only ones whose UTF-8 could pass a byte limit.
    /// </summary>
    Task<(int Depth, IReadOnlyList<string> LongPaths)> GetSubtreeExtentAsync(string id, int minChars, CancellationToken cancellationToken);

    Task InsertNodeAsync(Node node, CancellationToken cancellationToken);

    /// <summary>
    /// An upload of the content the file already has (<see cref="UploadResult.Unchanged"/>): sets the modified time and
    /// fills in the SHA-1/MD5 its current version lacks (stored before migration 0014); no version, no quota.
    /// </summary>
    Task KeepContentAsync(string nodeId, string versionId, long modifiedAt, ContentChecksums? checksums, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="version"/> the file's current content.</summary>
    Task SetContentAsync(string nodeId, FileVersion version, string? contentType, long now, CancellationToken cancellationToken);

    /// <summary>Moves and/or renames a node (the name must be canonical). Its modified time is content's, so it stays.</summary>
    Task RelocateAsync(string nodeId, string parentId, string name, CancellationToken cancellationToken);

    Task SetTrashedAsync(string nodeId, long? trashedAt, string? trashedPath, CancellationToken cancellationToken);

    /// <summary>Records that a folder's children changed: bumps its revision (its ETag) and modified time.</summary>
    Task TouchAsync(string folderId, long now, CancellationToken cancellationToken);

    /// <summary>Deletes a node with its subtree and their versions (blob rows stay until unreferenced).</summary>
    Task DeleteNodeAsync(string nodeId, CancellationToken cancellationToken);

    /// <summary>The blob's row, and its content when it is kept inline (<see cref="StoredBlob.InlineContent"/>).</summary>
    Task InsertBlobAsync(StoredBlob blob, long now, CancellationToken cancellationToken);

    Task InsertVersionAsync(FileVersion version, CancellationToken cancellationToken);

    Task<FileVersion?> GetVersionAsync(string id, CancellationToken cancellationToken);

    /// <summary>A file's versions, newest first.</summary>
    Task<IReadOnlyList<FileVersion>> GetVersionsAsync(string nodeId, CancellationToken cancellationToken);

    /// <summary>The username of whoever saved each version of <paramref name="nodeId"/> (versions whose author is gone are absent).</summary>
    Task<IReadOnlyDictionary<string, string>> GetVersionAuthorsAsync(string nodeId, CancellationToken cancellationToken);

    /// <summary>Every version of every file in a subtree.</summary>
    Task<IReadOnlyList<FileVersion>> GetSubtreeVersionsAsync(string nodeId, CancellationToken cancellationToken);

    Task DeleteVersionsAsync(IReadOnlyCollection<string> versionIds, CancellationToken cancellationToken);

    Task AddUsedBytesAsync(string userId, long delta, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the blob rows no version references any more, among <paramref name="candidates"/> (or among all
    /// blobs when null, at most <paramref name="limit"/>), and returns their ids: delete those files after commit.
    /// </summary>
    Task<IReadOnlyList<string>> DeleteUnreferencedBlobsAsync(IReadOnlyCollection<string>? candidates, int limit, CancellationToken cancellationToken);

    /// <summary>Which of these blob ids have a row.</summary>
    Task<IReadOnlyList<string>> FindKnownBlobsAsync(IReadOnlyCollection<string> blobIds, CancellationToken cancellationToken);

    /// <summary>A user's trash (top nodes of deleted subtrees), newest first, after the keyset (trashed_at, id).</summary>
    Task<IReadOnlyList<Node>> ListTrashAsync(string ownerId, int limit, long? afterTrashedAt, string? afterId, CancellationToken cancellationToken);

    /// <summary>Trash items of any user deleted before <paramref name="before"/>.</summary>
    Task<IReadOnlyList<Node>> FindTrashBeforeAsync(long before, int limit, CancellationToken cancellationToken);

    /// <summary>Non-current versions of any user created before <paramref name="before"/>.</summary>
    Task<IReadOnlyList<FileVersion>> FindOldVersionsAsync(long before, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the resumable upload <paramref name="uploadId"/> committed and releases its quota reservation (its row
    /// stays until <paramref name="keepUntil"/> so a client resuming it learns it is complete). False when the upload
    /// is gone: terminated, expired or committed already.
    /// </summary>
    Task<bool> ReleaseReservationAsync(string uploadId, long now, long keepUntil, CancellationToken cancellationToken);

    /// <summary>
    /// The best role (0 none, 1–3 as <c>shares.role</c>) that a live share on the node or one of its ancestors gives
    /// the user, directly or through a group, and whether the node and all its ancestors are live (not trashed).
    /// Share expiry is judged by the store's clock.
    /// </summary>
    Task<(int Role, bool Live)> GetGrantAsync(string userId, string nodeId, CancellationToken cancellationToken);

    /// <summary>The node a mount points at, or null.</summary>
    Task<string?> GetMountTargetAsync(string mountNodeId, CancellationToken cancellationToken);

    Task InsertMountAsync(string mountNodeId, string targetId, CancellationToken cancellationToken);

    /// <summary>Whether any live WebDAV lock exists, in anyone's tree: the write path's fast "no locks at all".</summary>
    Task<bool> AnyLockAsync(long now, CancellationToken cancellationToken);

    /// <summary>The live WebDAV locks in the tree <paramref name="ownerId"/> owns, as this session sees them.</summary>
    Task<IReadOnlyList<LockRecord>> ListLocksAsync(string ownerId, long now, CancellationToken cancellationToken);

    /// <summary>Deletes these locks of the tree <paramref name="ownerId"/> owns, in this session's transaction.</summary>
    Task DeleteLocksAsync(string ownerId, IReadOnlyCollection<string> tokens, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}
