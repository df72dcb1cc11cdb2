using System.Text.RegularExpressions;

namespace Depot.Server.Observability;

/// <summary>
/// Takes secrets out of any text bound for a log: Depot tokens (<c>dpt_…</c>, <c>dpl_…</c>), the token segment of a
/// public-link path (<c>/s/…</c>, whatever it holds) and the credentials of an <c>Authorization</c> header. It runs on
/// every log line of every category at every level (<see cref="RedactingLoggerProvider"/>), so a framework message that
/// quotes a request target or an exception that quotes a header cannot leak one. Passwords only ever travel in
/// request bodies, which nothing logs.
/// </summary>
internal static partial class SecretRedaction
{
    /// <summary><paramref name="text"/> with every secret replaced by a marker; the same instance when there is none.</summary>
    public static string Redact(string text) => MightHoldSecret(text) ? Secrets().Replace(text, Replacement) : text;

    // A cheap test first: the regex runs only on the few lines that could hold a secret.
    public static bool MightHoldSecret(string text) =>
        text.Contains("dpt_", StringComparison.Ordinal) || text.Contains("dpl_", StringComparison.Ordinal)
        || text.Contains("/s/", StringComparison.Ordinal) || text.Contains("Bearer", StringComparison.OrdinalIgnoreCase)
        || text.Contains("Basic", StringComparison.OrdinalIgnoreCase);

    private static string Replacement(Match match) => match.Groups["token"].Success ? match.Groups["token"].Value + "[redacted]"
        : match.Groups["link"].Success ? "/s/[link]"
        : match.Groups["scheme"].Value + " [redacted]";

    // Credentials after a scheme are at least 16 characters (a Depot token, or the base64 of a name and a password of
    // 10 or more), so prose such as "Basic authentication needs HTTPS" is left alone.
    [GeneratedRegex(@"(?<token>dp[tl]_)[A-Za-z0-9_\-]+|(?<link>/s/)[^/\s?#""'<>]+|(?<scheme>\b(?:Bearer|Basic))\s+[A-Za-z0-9+/=._~\-]{16,}",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Secrets();
}
