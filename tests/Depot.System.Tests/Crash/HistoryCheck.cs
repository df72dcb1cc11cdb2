using Depot.Protocol.Files;

namespace Depot.System.Tests.Crash;

/// <summary>
/// After the crashes, the version history and the quota must agree with what was written: every version holds
/// content that was really written to that path, every acknowledged write is a version (unless retention pruned
/// by count), and <c>usedBytes</c> is the sum of all versions kept (DESIGN.md: quota counts every version). Also counts
/// the versions whose content is a blob of its own in the blob store: those over the server's inline limit.
/// </summary>
internal static class HistoryCheck
{
    public static async Task<(int Versions, long Bytes, int InBlobStore)> RunAsync(HttpClient http, WriteLedger ledger,
        IReadOnlyDictionary<string, NodeInfo> files, int retainedVersions, int inlineMaxBytes, List<string> violations)
    {
        var count = 0;
        var inBlobStore = 0;
        long bytes = 0;
        foreach (var (path, node) in files)
        {
            var versions = await http.VersionsAsync(path);
            var written = ledger.EverAttempted(path);
            count += versions.Count;
            inBlobStore += versions.Count(v => v.Size > inlineMaxBytes);
            bytes += versions.Sum(v => v.Size);

            var current = versions.Where(v => v.Current).ToList();
            if (current.Count != 1 || current[0].Sha256 != node.Sha256)
            {
                violations.Add($"{path}: {current.Count} current versions ({string.Join(", ", current.Select(v => v.Sha256))}), the file holds {node.Sha256}");
            }

            foreach (var version in versions)
            {
                if (!written.TryGetValue(version.Sha256, out var content))
                {
                    violations.Add($"{path}: version {version.Id} ({version.Size} B sha256 {version.Sha256}) holds content never written there");
                }
                else if (content.Size != version.Size)
                {
                    violations.Add($"{path}: version {version.Id} says {version.Size} B for {content}");
                }
            }

            if (versions.Count < retainedVersions)
            {
                var kept = versions.Select(v => v.Sha256).ToHashSet(StringComparer.Ordinal);
                foreach (var lost in ledger.EverAcknowledged(path).Where(sha => !kept.Contains(sha)))
                {
                    violations.Add($"{path}: the acknowledged write of {written[lost]} is not in its {versions.Count} versions");
                }
            }
        }

        return (count, bytes, inBlobStore);
    }
}
