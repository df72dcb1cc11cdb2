using System.Text;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace Depot.Web.Tests;

/// <summary>
/// Runs axe-core on pages for the WCAG 2.1 A and AA rules, colour contrast included, and collects what it finds: a walk
/// through many screens then fails once, listing every violation with its rule, impact, what it asks for, the elements
/// and why each fails.
/// </summary>
/// <remarks>
/// The script is the axe.min.js that Deque.AxeCore.Commons bundles (a pinned NuGet package: nothing vendored, no npm at
/// test time). It is injected once per document and run with <c>axe.run</c> in place, which is several times faster than
/// the package's RunAxe (that re-injects it on every call and finishes each run in a new page).
/// Injecting script is what the app's CSP (script-src 'self', require-trusted-types-for 'script') rightly refuses: the
/// browser contexts these checks run in are made with BypassCSP, and only those.
/// </remarks>
internal sealed class Axe
{
    private static readonly string Script = new BundledAxeScriptProvider().GetScript();

    private const string Run = """
        async () => {
          const result = await axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            resultTypes: ["violations"],
          });
          return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({ target: n.target.join(" "), html: n.html, why: n.failureSummary })),
          }));
        }
        """;

    private readonly List<string> _reports = [];
    private int _screens;

    public async Task CheckAsync(IPage page, string screen)
    {
        _screens++;
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync($"() => {{ {Script} }}");
        }

        var violations = await page.EvaluateAsync<JsonElement>(Run);
        if (violations.GetArrayLength() == 0)
        {
            return;
        }

        var report = new StringBuilder($"{screen} ({page.Url}):");
        foreach (var violation in violations.EnumerateArray())
        {
            report.Append($"\n- {violation.GetProperty("id")} ({violation.GetProperty("impact")}): {violation.GetProperty("help")}");
            foreach (var node in violation.GetProperty("nodes").EnumerateArray())
            {
                var html = node.GetProperty("html").GetString()!;
                // The failure summary says what is wrong there (for contrast: the two colours and their ratio).
                report.Append($"\n    {node.GetProperty("target")}  {(html.Length > 160 ? html[..160] + "…" : html)}")
                    .Append($"\n      {node.GetProperty("why").GetString()?.ReplaceLineEndings(" ")}");
            }
        }

        _reports.Add(report.ToString());
    }

    public void AssertNoViolations() =>
        Assert.True(_reports.Count == 0, $"axe found violations on {_reports.Count} of {_screens} screens:\n\n" + string.Join("\n\n", _reports));
}
