using System.Diagnostics;
using System.Text.RegularExpressions;
using Depot.Core.Backups;
using Depot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Depot.Server.Tests.Observability;

/// <summary>
/// The example alert file in deploy/prometheus is valid for Prometheus's own checker (promtool, Debian's
/// <c>prometheus</c> package), and every Depot metric it names is one a real server exposes, so a renamed metric
/// cannot leave an alert silently watching nothing. The scrape itself passes promtool's format check.
/// </summary>
public sealed partial class AlertRulesTests(FastUsageServer server) : IClassFixture<FastUsageServer>
{
    private static readonly string RulesFile = Path.Combine(Repository.Root, "deploy", "prometheus", "depot-alerts.yml");

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var (exit, output) = await PromtoolAsync(["check", "rules", RulesFile], stdin: null);

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_depot_metric_the_rules_name_is_in_a_real_scrape()
    {
        var named = MetricName().Matches(await File.ReadAllTextAsync(RulesFile)).Select(m => m.Value).ToHashSet();
        Assert.Contains("depot_ready", named);

        // What depot-server backup records when it ends (tests/Depot.System.Tests/Operations runs the real command).
        var backups = server.Services.GetRequiredService<BackupRecords>();
        await backups.FinishAsync(await backups.StartAsync("/backups/depot", CancellationToken.None), BackupRecords.Ok, 1, 100, CancellationToken.None);
        using var admin = await server.CreateAdminHttpClientAsync();
        (await admin.PostAsync("/api/v1/admin/scrub", null)).EnsureSuccessStatusCode();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        HashSet<string> missing;
        do
        {
            using var http = server.CreateHttpClient();
            var scrape = PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));
            missing = named.Where(n => !scrape.Samples.Any(s => s.Name == n)).ToHashSet();
            if (missing.Count > 0)
            {
                await Task.Delay(250);
            }
        }
        while (missing.Count > 0 && DateTimeOffset.UtcNow < deadline);

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Promtool_accepts_the_scrape_format()
    {
        using var http = server.CreateHttpClient();
        var text = await http.GetStringAsync("/metrics");

        var (exit, output) = await PromtoolAsync(["check", "metrics"], text);

        // promtool's naming advice about the runtime's own instruments (dotnet_assembly_count: a gauge named like a
        // histogram's count) is the runtime's choice, not Depot's; a format error, or advice on a depot_ metric, fails.
        var complaints = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(complaints, c => c.Contains("error while linting", StringComparison.Ordinal));
        Assert.DoesNotContain(complaints, c => !c.StartsWith("dotnet_", StringComparison.Ordinal));
        Assert.True(exit is 0 or 3, output);
    }

    private static async Task<(int Exit, string Output)> PromtoolAsync(string[] arguments, string? stdin)
    {
        if (!File.Exists("/usr/bin/promtool"))
        {
            throw new InvalidOperationException("promtool is not installed; install Debian's prometheus package (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo("/usr/bin/promtool")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }


    [GeneratedRegex(@"\bdepot_[a-z_]+\b")]
    private static partial Regex MetricName();
}
