using System.Diagnostics.Metrics;

namespace Depot.Core.Files;

/// <summary>File traffic: what was stored and served, and how well group commit batches writes.</summary>
internal static class FilesMetrics
{
    private static readonly Counter<long> Uploads = DepotMeter.Meter.CreateCounter<long>(
        "depot.uploads", "{upload}", "Uploads committed by any protocol (new files and new versions).");

    private static readonly Counter<long> UploadBytes = DepotMeter.Meter.CreateCounter<long>(
        "depot.upload.bytes", "By", "Bytes of committed uploads.");

    public static readonly Counter<long> DownloadBytes = DepotMeter.Meter.CreateCounter<long>(
        "depot.download.bytes", "By", "Bytes of file content read for downloads (REST, WebDAV, public links), as they are read.");

    // PostgreSQL: a deadlock's victim, rolled back and run again. A steady rate means writers cross into each other's
    // shares in opposite orders at once (docs/architecture.md, "The write contract").
    public static readonly Counter<long> WriteRetries = DepotMeter.Meter.CreateCounter<long>(
        "depot.metadata.write_retries", "{transaction}", "Metadata write transactions rolled back by a deadlock and run again.");

    // Powers of two up to WalkBatcher's 64 statements: whether reads on PostgreSQL share their round trips.
    public static readonly Histogram<int> WalkBatchSize = DepotMeter.Meter.CreateHistogram<int>(
        "depot.walk_batch.size", "{lookup}", "Path lookups sent to PostgreSQL in one round trip.",
        tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    // PostgreSQL: batches of new files whose first reads came from what the node's earlier batches saw (KnownFolders), by
    // whether the guard found the tree as remembered. A stale one ran again with reads: a steady share of them means
    // another node (or a write outside a batch) keeps changing the trees this node uploads into.
    private static readonly Counter<long> BatchesFromMemory = DepotMeter.Meter.CreateCounter<long>(
        "depot.group_commit.from_memory", "{batch}", "Group commit batches that took their first reads from memory, by outcome (passed, stale).");

    public static void BatchFromMemory(bool stale) =>
        BatchesFromMemory.Add(1, new KeyValuePair<string, object?>("outcome", stale ? "stale" : "passed"));

    // Powers of two up to MaxBatch (64): the shape shows whether uploads queue up behind the single writer.
    public static readonly Histogram<int> GroupCommitBatchSize = DepotMeter.Meter.CreateHistogram<int>(
        "depot.group_commit.batch_size", "{operation}", "Write operations that shared one metadata transaction.",
        tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    // PostgreSQL: a group commit batch whose pieces' writes rode on later round trips, one of which failed; it ran again
    // with each piece's writes sent on their own. Should stay at 0: a write that passed its checks does not fail.
    public static readonly Counter<long> GroupCommitReruns = DepotMeter.Meter.CreateCounter<long>(
        "depot.group_commit.reruns", "{batch}", "Group commit batches run again after a failed round trip carrying several pieces' writes.");

    // PostgreSQL: path walks and pages of listings in trees this node owns (TreeOwnership), answered from memory (hit)
    // or read from the database and kept (miss). A low hit share with many owned trees means the budget (64 MiB) is full.
    public static readonly Counter<long> OwnedTreeReads = DepotMeter.Meter.CreateCounter<long>(
        "depot.owned_tree.reads", "{read}", "Path lookups (kind walk) and listing pages (kind page) in trees this node owns, by result: hit (from memory) or miss (read, then kept).");

    private static readonly KeyValuePair<string, object?> Walk = new("kind", "walk");
    private static readonly KeyValuePair<string, object?> Page = new("kind", "page");
    private static readonly KeyValuePair<string, object?> Hit = new("result", "hit");
    private static readonly KeyValuePair<string, object?> Miss = new("result", "miss");

    public static void OwnedTreeRead(bool page, bool hit) => OwnedTreeReads.Add(1, page ? Page : Walk, hit ? Hit : Miss);

    public static readonly UpDownCounter<int> OwnedTrees = DepotMeter.Meter.CreateUpDownCounter<int>(
        "depot.owned_trees", "{tree}", "Users' trees this node owns, whose path lookups it answers from memory.");

    // What owned trees keep in memory, inline contents included, against the node's budget (64 MiB): at the budget, new
    // walks are read from the database each time.
    public static readonly UpDownCounter<long> OwnedTreeBytes = DepotMeter.Meter.CreateUpDownCounter<long>(
        "depot.owned_tree.bytes", "By", "Bytes of walks and listing pages owned trees keep in memory, as the node's budget counts them.");

    // Why trees were let go: write (a writer on some node asked), idle (unread for a minute), lost (the listening
    // connection failed). A high write rate means trees are read and written in turns on different nodes.
    public static readonly Counter<long> OwnedTreeReleases = DepotMeter.Meter.CreateCounter<long>(
        "depot.owned_tree.releases", "{tree}", "Owned trees this node let go, by reason: write, idle, lost.");

    // This node's group commit batches into trees it owns, which it writes without letting go: by what the tree's memory
    // did when the batch ended, kept (brought up to date: new files, or nothing committed) or forgotten (anything else).
    public static readonly Counter<long> OwnedTreeOwnWrites = DepotMeter.Meter.CreateCounter<long>(
        "depot.owned_tree.own_writes", "{batch}", "Group commit batches into trees this node owns, by what their memory did: kept or forgotten.");

    private static readonly KeyValuePair<string, object?> Kept = new("result", "kept");
    private static readonly KeyValuePair<string, object?> Forgotten = new("result", "forgotten");

    public static void OwnWrite(bool kept) => OwnedTreeOwnWrites.Add(1, kept ? Kept : Forgotten);

    /// <summary>Every counter at 0 before the first event, so a rate or an alert on it has data from the start.</summary>
    public static void AnnounceZeros()
    {
        Uploads.Add(0);
        UploadBytes.Add(0);
        DownloadBytes.Add(0);
        WriteRetries.Add(0);
        GroupCommitReruns.Add(0);
        OwnedTrees.Add(0);
        OwnedTreeBytes.Add(0);
    }

    public static void Uploaded(long bytes)
    {
        Uploads.Add(1);
        UploadBytes.Add(bytes);
    }
}
