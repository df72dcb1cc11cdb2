using System.Net;

namespace Depot.System.Tests.Crash;

/// <summary>
/// Reads while the writers write and until the kill: a file whose write was acknowledged must exist, and every
/// complete GET must return whole content that was really written to that path, with headers that describe it
/// ("readers never see a partial file", DESIGN.md). A read cut off by the kill proves nothing and is ignored.
/// </summary>
internal sealed class Reader(Random random, HttpClient http, WriteLedger ledger, Func<bool> stopping)
{
    public int Reads { get; private set; }

    public async Task RunAsync()
    {
        while (!stopping())
        {
            if (ledger.PickAcknowledgedPath(random) is not { } path)
            {
                await Task.Delay(10);
                continue;
            }

            Download download;
            try
            {
                download = await http.DownloadAsync(path);
            }
            catch (Exception e) when (KilledServer.CutOff(e))
            {
                continue; // the kill
            }

            Reads++;
            if (download.Status != HttpStatusCode.OK || download.Sha256 is null)
            {
                ledger.Violation($"live GET {path} answered {(int)download.Status} although a write to it was acknowledged before the read began");
            }
            else if (!ledger.EverAttempted(path).TryGetValue(download.Sha256, out var content) || content.Size != download.Length)
            {
                ledger.Violation($"live GET {path} returned {download.Length} B sha256 {download.Sha256}: no write to that path had that content (a partial file?)");
            }
            else if (download.ETag != $"\"{download.Sha256}\"" || download.ReprDigest != FilesApi.DigestHeader(download.Sha256))
            {
                ledger.Violation($"live GET {path}: ETag {download.ETag} / Repr-Digest {download.ReprDigest} do not describe the bytes (sha256 {download.Sha256})");
            }
        }
    }
}
