namespace Depot.Client.Http;

/// <summary>The <c>sha-256=:base64:</c> member of Content-Digest / Repr-Digest (RFC 9530).</summary>
internal static class ContentDigest
{
    private const string Prefix = "sha-256=:";

    public static string Format(ReadOnlySpan<byte> sha256) => Prefix + Convert.ToBase64String(sha256) + ":";

    /// <summary>The SHA-256 from a digest header that may list several algorithms; null when absent or malformed.</summary>
    public static byte[]? ParseSha256(string? header)
    {
        foreach (var member in (header ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            if (member.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && member.EndsWith(':') && member.Length > Prefix.Length + 1)
            {
                try
                {
                    return Convert.FromBase64String(member[Prefix.Length..^1]);
                }
                catch (FormatException)
                {
                    return null;
                }
            }
        }

        return null;
    }
}
