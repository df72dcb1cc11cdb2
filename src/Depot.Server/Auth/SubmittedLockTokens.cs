using Depot.Server.Dav.Locks;

namespace Depot.Server.Auth;

/// <summary>The lock tokens an <c>If</c> header submits (RFC 4918 §10.4), for every protocol's writes.</summary>
internal static class SubmittedLockTokens
{
    /// <summary>Every token the header names outside a Not (tagged or not); none when it is absent or malformed.</summary>
    public static IReadOnlyCollection<string> Of(HttpRequest request) =>
        request.Headers.TryGetValue("If", out var values)
            // Several If lines are one header (RFC 9110 §5.3); lists are joined by whitespace, not commas.
            ? IfHeader.Parse(string.Join(' ', values.ToArray()))?.SubmittedTokens ?? []
            : [];
}
