using System.Globalization;

namespace Depot.Server.Dav;

/// <summary>The WebDAV request headers besides If (RFC 4918 §10): Depth, Overwrite, Timeout, Lock-Token.</summary>
internal static class DavHeaders
{
    public const int Infinity = -1;

    /// <summary>0, 1 or <see cref="Infinity"/>; <paramref name="absent"/> when the header is missing; null when malformed.</summary>
    public static int? Depth(HttpRequest request, int absent)
    {
        string? value = request.Headers["Depth"];
        return value?.Trim().ToLowerInvariant() switch
        {
            null => absent,
            "0" => 0,
            "1" => 1,
            "infinity" => Infinity,
            _ => null,
        };
    }

    /// <summary>Overwrite: T (the default) or F; null when malformed.</summary>
    public static bool? Overwrite(HttpRequest request)
    {
        string? value = request.Headers["Overwrite"];
        return value?.Trim() switch
        {
            null => true,
            "T" or "t" => true,
            "F" or "f" => false,
            _ => null,
        };
    }

    /// <summary>The first timeout of <c>Timeout: Infinite, Second-4100000000</c> that parses; Infinite is <see cref="TimeSpan.MaxValue"/>.</summary>
    public static TimeSpan? Timeout(HttpRequest request)
    {
        foreach (var part in request.Headers["Timeout"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Equals("Infinite", StringComparison.OrdinalIgnoreCase))
            {
                return TimeSpan.MaxValue;
            }

            if (part.StartsWith("Second-", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(part.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(3650).TotalSeconds));
            }
        }

        return null;
    }

    /// <summary>The token of <c>Lock-Token: &lt;urn:uuid:…&gt;</c>, without the angle brackets.</summary>
    public static string? LockToken(HttpRequest request)
    {
        var value = request.Headers["Lock-Token"].ToString().Trim();
        return value.Length > 2 && value[0] == '<' && value[^1] == '>' ? value[1..^1] : null;
    }

    /// <summary>Whether the request carries a body (a declared length above zero, or chunked).</summary>
    public static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}
