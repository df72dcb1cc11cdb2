using System.Text.RegularExpressions;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Dav;

/// <summary>
/// The litmus 0.13 WebDAV conformance suite (Debian package <c>litmus</c>) against a live server: zero failures in
/// basic, copymove, props, locks and http. Its whole output goes to the test log.
/// </summary>
public sealed partial class LitmusTests(DepotServer server, ITestOutputHelper log) : IClassFixture<DepotServer>
{
    private static readonly string[] Suites = ["basic", "copymove", "props", "locks", "http"];

    [Fact]
    public async Task Litmus_passes_every_suite_with_zero_failures()
    {
        var user = await server.CreateUserAsync();
        var (_, output) = await ExternalTool.RunAsync(log, "litmus", [$"{server.Address}dav/", user.Username, user.Password],
            TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["TESTS"] = string.Join(' ', Suites) });

        foreach (var suite in Suites)
        {
            var summary = Summary().Matches(output).FirstOrDefault(m => m.Groups["suite"].Value == suite);
            Assert.True(summary is not null, $"litmus printed no summary for '{suite}'");
            Assert.Equal("0", summary.Groups["failed"].Value);
            Assert.Equal(summary.Groups["run"].Value, summary.Groups["passed"].Value);
        }

        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
    }

    // <- summary for `props': of 30 tests run: 30 passed, 0 failed. 100.0%
    [GeneratedRegex(@"summary for `(?<suite>\w+)': of (?<run>\d+) tests run: (?<passed>\d+) passed, (?<failed>\d+) failed")]
    private static partial Regex Summary();
}
