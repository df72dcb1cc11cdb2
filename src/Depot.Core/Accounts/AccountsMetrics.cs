using System.Diagnostics.Metrics;

namespace Depot.Core.Accounts;

/// <summary>Failed secret checks by kind (<c>password</c>, <c>token</c>, <c>link_password</c>): a rise means someone is guessing.</summary>
internal static class AccountsMetrics
{
    private static readonly Counter<long> AuthFailures = DepotMeter.Meter.CreateCounter<long>(
        "depot.auth.failures", "{failure}", "Failed secret checks: wrong passwords, unknown tokens, wrong link passwords.");

    public static void AuthFailed(string kind) => AuthFailures.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
