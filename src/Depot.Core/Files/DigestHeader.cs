using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>
/// Reads the SHA-256 member of an RFC 9530 <c>Content-Digest</c> / <c>Repr-Digest</c> field, a structured-field
/// dictionary such as <c>sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-512=:…:</c>.
/// Other algorithms are ignored (we only compute SHA-256); a malformed field is an error, not silence.
/// </summary>
public static class DigestHeader
{
    public static string Format(string sha256Hex)
    {
        // Every download sends this header: one string, where the digest's bytes and its base64 were two more.
        Span<byte> digest = stackalloc byte[32];
        if (Convert.FromHexString(sha256Hex, digest, out _, out var written) != System.Buffers.OperationStatus.Done || written != digest.Length)
        {
            return $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(sha256Hex))}:";
        }

        Span<char> text = stackalloc char[Prefix.Length + 44 + 1];
        Prefix.CopyTo(text);
        Convert.TryToBase64Chars(digest, text[Prefix.Length..], out var chars);
        text[Prefix.Length + chars] = ':';
        return new string(text[..(Prefix.Length + chars + 1)]);
    }

    private const string Prefix = "sha-256=:";

    /// <summary>The lower-case hex SHA-256 the field declares, null when it has no sha-256 member.</summary>
    public static Result<string?> ParseSha256(string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return Result<string?>.Ok(null);
        }

        string? found = null;
        // Commas cannot occur inside a byte sequence (base64 between colons), so splitting on them is exact.
        foreach (var raw in field.Split(','))
        {
            var member = raw.Trim(' ', '\t');
            var eq = member.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? member : member[..eq];
            if (key.Length == 0 || !key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.' or '*'))
            {
                return Malformed($"'{key}' is not a valid dictionary key.");
            }

            if (key != "sha-256")
            {
                continue;
            }

            var value = eq < 0 ? "" : member[(eq + 1)..];
            var semicolon = value.IndexOf(';', StringComparison.Ordinal);   // parameters are allowed and ignored
            value = semicolon < 0 ? value : value[..semicolon];
            if (value.Length < 2 || value[0] != ':' || value[^1] != ':')
            {
                return Malformed("sha-256 must be a byte sequence, like sha-256=:base64:.");
            }

            var bytes = new byte[48];
            if (!Convert.TryFromBase64String(value[1..^1], bytes, out var written) || written != 32)
            {
                return Malformed("sha-256 must hold the base64 of 32 bytes.");
            }

            found = Convert.ToHexStringLower(bytes.AsSpan(0, 32));
        }

        return found;
    }

    private static Result<string?> Malformed(string detail) =>
        Result<string?>.Fail(ErrorCodes.InvalidRequest, "Malformed digest field: " + detail);
}
