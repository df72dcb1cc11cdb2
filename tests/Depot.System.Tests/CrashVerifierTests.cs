using Depot.System.Tests.Crash;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests;

/// <summary>
/// The crash test passes only if its verifier can fail: damage a real server's data the ways a crash-unsafe
/// server would, and the verifier must name each problem.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class CrashVerifierTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Verifier_reports_torn_missing_and_never_written_files()
    {
        await using var depot = await DepotProcess.StartNewAsync(output);
        using var user = await depot.CreateUserAsync();
        var ledger = new WriteLedger();

        var torn = await WriteAsync(user.Http, ledger, "/v/torn.bin", new ContentSpec(1, 300_000));
        await WriteAsync(user.Http, ledger, "/v/fine.bin", new ContentSpec(2, 5_000));
        // Acknowledged in the ledger but never stored: what a server that answers before committing would leave.
        var lost = ledger.Begin("/v/lost.bin", new ContentSpec(3, 10));
        ledger.Finish(lost, AttemptOutcome.Acknowledged, "pretend");
        // Stored but never written by the test: what a server that resurrects or invents files would show.
        using (var stray = await user.Http.UploadAsync("/v/stray.bin", FilesApi.Bytes([1, 2, 3])))
        {
            stray.EnsureSuccessStatusCode();
        }

        // Tear the first blob as a crash mid-write would, behind the server's back: half its bytes survive.
        var blob = (await StoredContent.ListAsync(depot.DataPath)).Single(f => f.Length == torn.Size);
        await StoredContent.WriteAsync(depot.DataPath, blob, (await StoredContent.ReadAsync(depot.DataPath, blob))[..(torn.Size / 2)]);

        var verified = await new CrashVerifier(user.Http, ledger).VerifyAsync(readEverything: true);

        output.WriteLine(string.Join(Environment.NewLine, verified.Violations));
        // The server itself refuses a blob shorter than its recorded size (500 storage_damaged), and the verifier says so.
        Assert.Contains(verified.Violations, v => v.StartsWith("/v/torn.bin is listed but GET answers 500", StringComparison.Ordinal));
        Assert.Contains(verified.Violations, v => v.StartsWith("/v/lost.bin is missing although a write to it was acknowledged", StringComparison.Ordinal));
        Assert.Contains(verified.Violations, v => v.StartsWith("/v/stray.bin exists", StringComparison.Ordinal));
        Assert.DoesNotContain(verified.Violations, v => v.Contains("/v/fine.bin", StringComparison.Ordinal));
    }

    private static async Task<ContentSpec> WriteAsync(HttpClient http, WriteLedger ledger, string path, ContentSpec content)
    {
        var bytes = content.Materialize();
        var attempt = ledger.Begin(path, content);
        using var response = await http.UploadAsync(path, FilesApi.Bytes(bytes));
        response.EnsureSuccessStatusCode();
        ledger.Finish(attempt, AttemptOutcome.Acknowledged, "test");
        return content;
    }
}
