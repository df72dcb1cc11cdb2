using System.Net.Http.Json;
using System.Text.Json;
using Depot.Protocol;

namespace Depot.System.Tests.Crash;

/// <summary>
/// One concurrent writer of a crash round: PUTs until told to stop, each write recorded in the ledger before it
/// is sent and settled when its answer (or failure) arrives. Paths: its own small pool (overwrites, one writer per
/// path), a few paths shared by all writers (racing overwrites), and new paths. Sizes: empty, a few KiB, up to
/// 1 MiB, several MiB; some bodies are paced so the kill often lands in the middle of one, and some requests are
/// abandoned by the client after a random delay (an answer may then be lost although the write committed).
/// </summary>
internal sealed class Uploader(int index, int round, Random random, HttpClient http, WriteLedger ledger, Func<bool> stopping)
{
    public const int OwnPaths = 10;
    public const int SharedPaths = 4;
    public const int ClientAbortPercent = 8;
    private int _created;

    private readonly List<(Attempt Attempt, PacedContent Body)> _attempts = [];

    /// <summary>This writer's attempts so far (safe while it runs).</summary>
    public List<(Attempt Attempt, PacedContent Body)> Snapshot()
    {
        lock (_attempts)
        {
            return [.. _attempts];
        }
    }

    public async Task RunAsync()
    {
        while (!stopping())
        {
            var path = NextPath();
            var content = NextContent();
            var bytes = content.Materialize();
            var paced = random.Next(100) < 40 ? TimeSpan.FromMilliseconds(2) : TimeSpan.Zero;
            var digest = random.Next(100) < 30 ? FilesApi.DigestHeader(content.Sha256) : null;
            // Some clients give up mid-request while the server lives: the abort races the server's commit.
            var giveUpAfter = random.Next(5, 400);
            using var giveUp = random.Next(100) < ClientAbortPercent ? new CancellationTokenSource(giveUpAfter) : null;
            using var body = new PacedContent(bytes, paced, digest);
            var attempt = ledger.Begin(path, content);
            lock (_attempts)
            {
                _attempts.Add((attempt, body));
            }

            try
            {
                using var response = await http.UploadAsync(path, body, giveUp?.Token ?? CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    // Acknowledged the moment a 2xx status arrives: that is the server's durability promise.
                    ledger.Finish(attempt, AttemptOutcome.Acknowledged, $"{(int)response.StatusCode}");
                    await CheckAnswerAsync(attempt, response);
                }
                else
                {
                    ledger.Finish(attempt, AttemptOutcome.Rejected,
                        $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (Exception e) when (KilledServer.CutOff(e))
            {
                // No answer: the kill (connection reset/refused, or no server address while it is down).
                if (attempt.Outcome == AttemptOutcome.InFlight)
                {
                    var why = giveUp is { IsCancellationRequested: true } ? $"given up by the client after {giveUpAfter} ms" : e.GetType().Name;
                    ledger.Finish(attempt, AttemptOutcome.Unknown, $"{why}, {body.Sent}/{bytes.Length} B sent");
                }

                if (!stopping())
                {
                    await Task.Delay(20);
                }
            }
        }
    }

    private string NextPath() => random.Next(100) switch
    {
        < 45 => $"/crash/w{index}/own-{random.Next(OwnPaths)}.bin",
        < 60 => $"/crash/shared/hot-{random.Next(SharedPaths)}.bin",
        _ => $"/crash/r{round:00}/w{index}-{_created++:000}.bin",
    };

    private ContentSpec NextContent()
    {
        if (random.Next(100) < 10 && ledger.PickPastContent(random) is { } again)
        {
            return again;
        }

        var size = random.Next(100) switch
        {
            < 12 => 0,
            < 45 => random.Next(1, 8 * 1024),
            < 75 => random.Next(64 * 1024, 1024 * 1024),
            _ => random.Next(2 * 1024 * 1024, 8 * 1024 * 1024),
        };
        return new ContentSpec((ulong)random.NextInt64(), size);
    }

    private async Task CheckAnswerAsync(Attempt attempt, HttpResponseMessage response)
    {
        // The answer describes what was stored; a mismatch here is a server bug even without a crash.
        try
        {
            if (response.Headers.ETag?.ToString() != $"\"{attempt.Content.Sha256}\"")
            {
                ledger.Violation($"PUT {attempt.Path} answered ETag {response.Headers.ETag} for {attempt.Content}");
            }

            var node = await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.NodeInfo);
            if (node is not null && (node.Sha256 != attempt.Content.Sha256 || node.Size != attempt.Content.Size))
            {
                ledger.Violation($"PUT {attempt.Path} answered {node.Size} B sha256 {node.Sha256} for {attempt.Content}");
            }
        }
        catch (Exception e) when (KilledServer.CutOff(e) || e is JsonException)
        {
            // The kill cut the response body off after the status: still acknowledged.
        }
    }
}
