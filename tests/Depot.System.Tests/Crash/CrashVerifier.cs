using Depot.Protocol.Files;

namespace Depot.System.Tests.Crash;

/// <summary>
/// Checks a restarted server against the ledger, through the API only: what the listings show (every file, every
/// folder) and, for the paths written since the last check (or all of them), the bytes a full GET returns.
/// Collects every violation rather than stopping at the first, then settles the ledger to what was observed.
/// </summary>
internal sealed class CrashVerifier(HttpClient http, WriteLedger ledger)
{
    public async Task<VerifiedState> VerifyAsync(bool readEverything)
    {
        var violations = new List<string>(ledger.TakeViolations());
        var touched = ledger.TakeTouched().ToHashSet(StringComparer.Ordinal);
        var attempted = ledger.Paths;
        var expectedFolders = attempted.SelectMany(Ancestors).ToHashSet(StringComparer.Ordinal);

        var files = new Dictionary<string, NodeInfo>(StringComparer.Ordinal);
        await foreach (var node in http.WalkAsync("/"))
        {
            if (node.Kind == NodeKinds.Folder)
            {
                Check(expectedFolders.Contains(node.Path), violations, $"folder {node.Path} is listed but no write was ever under it");
            }
            else
            {
                Check(files.TryAdd(node.Path, node), violations, $"{node.Path} is listed twice");
            }
        }

        var observed = new Dictionary<string, ContentSpec?>(StringComparer.Ordinal);
        foreach (var (path, node) in files)
        {
            if (!ledger.WasAttempted(path))
            {
                violations.Add($"{path} exists ({node.Size} B) but was never written");
                continue;
            }

            var expectation = ledger.Expect(path);
            var match = node.Sha256 is null ? null : expectation.Match(node.Sha256);
            if (match is null)
            {
                var what = node.Sha256 is not null && ledger.EverAttempted(path).ContainsKey(node.Sha256)
                    ? "content of a write that a later acknowledged write superseded (rolled back)"
                    : "content that no write ever had (torn or foreign)";
                violations.Add($"{path} is listed with {node.Size} B sha256 {node.Sha256}: {what}. {expectation.Describe()}");
                continue;
            }

            observed[path] = match.Content;
            Check(node.Size == match.Content.Size, violations, $"{path}: listing says {node.Size} B, its content {match.Content} has {match.Content.Size}");
            Check(node.ETag == $"\"{node.Sha256}\"", violations, $"{path}: listing ETag {node.ETag} is not the quoted SHA-256 {node.Sha256}");
            if (readEverything || touched.Contains(path))
            {
                await CheckDownloadAsync(path, node, match.Content, violations);
            }
        }

        foreach (var path in attempted.Where(p => !files.ContainsKey(p)))
        {
            var expectation = ledger.Expect(path);
            Check(expectation.AbsentAllowed, violations, $"{path} is missing although a write to it was acknowledged. {expectation.Describe()}");
            var direct = await http.DownloadAsync(path);
            Check(direct.Status == global::System.Net.HttpStatusCode.NotFound, violations,
                $"{path} is not in its folder's listing but GET answers {(int)direct.Status}");
            observed[path] = null;
        }

        if (violations.Count == 0)
        {
            foreach (var (path, content) in observed)
            {
                ledger.Settle(path, content);
            }
        }

        return new VerifiedState(files, violations);
    }

    private async Task CheckDownloadAsync(string path, NodeInfo node, ContentSpec expected, List<string> violations)
    {
        var download = await http.DownloadAsync(path);
        if (download.Sha256 is null)
        {
            violations.Add($"{path} is listed but GET answers {(int)download.Status}");
            return;
        }

        Check(download.Sha256 == expected.Sha256 && download.Length == expected.Size, violations,
            $"{path}: GET returned {download.Length} B sha256 {download.Sha256}, the listing promised {expected}");
        Check(download.ContentLength is null || download.ContentLength == download.Length, violations,
            $"{path}: Content-Length {download.ContentLength} but {download.Length} B arrived");
        Check(download.ETag == $"\"{download.Sha256}\"", violations, $"{path}: ETag {download.ETag} does not match the bytes (sha256 {download.Sha256})");
        Check(download.ReprDigest == FilesApi.DigestHeader(download.Sha256), violations,
            $"{path}: Repr-Digest {download.ReprDigest} does not match the bytes (sha256 {download.Sha256})");
        Check(node.Sha256 == download.Sha256, violations, $"{path}: listing sha256 {node.Sha256}, GET bytes {download.Sha256}");
    }

    private static IEnumerable<string> Ancestors(string path)
    {
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            yield return path[..slash];
        }
    }

    private static void Check(bool condition, List<string> violations, string message)
    {
        if (!condition)
        {
            violations.Add(message);
        }
    }
}
