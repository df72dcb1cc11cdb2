using System.Diagnostics.Metrics;

namespace Depot.Core.Accounts;

/// <summary>Failed secret checks by kind (<c>password</c>, <c>token</c>, <c>link_password</c>): a rise means someone is guessing.</summary>
internal static class AccountsMetrics
{
    private static readonly Counter<long> AuthFailures = DepotMeter.Meter.CreateCounter<long>(
        "depot.auth.failures", "{failure}", "Failed secret checks: wrong passwords, unknown tokens, wrong link passwords.");

    public const string Password = "password";
    public const string Token = "token";
    public const string LinkPassword = "link_password";

    public static void AnnounceZeros()
    {
        foreach (var kind in (string[])[Password, Token, LinkPassword])
        {
            AuthFailures.Add(0, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    public static void AuthFailed(string kind) => AuthFailures.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
