using System.Text;
using System.Text.Json;

namespace Depot.Core.Events;

/// <summary>
/// The small string map an event carries (<c>username</c>, <c>tokenId</c>, <c>group</c>…). Never secrets: a key that
/// names one (<c>password</c>, <c>token</c>, <c>secret</c>, except <c>…Id</c>, <c>…Kind</c>, <c>…Name</c> and
/// <c>has…</c>) is a bug and throws, and a value holding a Depot token (<c>dpt_</c>, see Accounts/Secrets) — someone
/// pasting one into a username field — is replaced. Values are cut to <see cref="MaxValueLength"/> characters so an
/// attacker cannot grow the log with huge usernames.
/// </summary>
public static class AuditDetails
{
    public const int MaxEntries = 8;
    public const int MaxValueLength = 200;
    public const string Redacted = "[redacted]";

    private static readonly string[] SecretWords = ["password", "secret", "token"];
    private static readonly string[] HarmlessSuffixes = ["Id", "Kind", "Name"];

    public static IReadOnlyDictionary<string, string> Build(ReadOnlySpan<(string Key, string? Value)> details)
    {
        if (details.Length > MaxEntries)
        {
            throw new ArgumentException($"An audit event carries at most {MaxEntries} details.", nameof(details));
        }

        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in details)
        {
            CheckKey(key);
            if (value is not null)
            {
                map[key] = Clean(value);
            }
        }

        return map;
    }

    public static string ToJson(IReadOnlyDictionary<string, string> details)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in details)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static IReadOnlyDictionary<string, string> FromJson(string? json)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return map;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            map[property.Name] = property.Value.GetString() ?? "";
        }

        return map;
    }

    private static void CheckKey(string key)
    {
        var wellFormed = key.Length is > 0 and <= 32 && char.IsAsciiLetterLower(key[0]) && key.All(char.IsAsciiLetterOrDigit);
        var namesSecret = SecretWords.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase))
            && !HarmlessSuffixes.Any(s => key.EndsWith(s, StringComparison.Ordinal))
            && !key.StartsWith("has", StringComparison.Ordinal);
        if (!wellFormed || namesSecret)
        {
            throw new ArgumentException($"'{key}' is not an allowed audit detail key (camelCase, never a secret).", nameof(key));
        }
    }

    private static string Clean(string value)
    {
        if (value.Contains("dpt_", StringComparison.OrdinalIgnoreCase))
        {
            return Redacted;
        }

        var cut = value;
        if (value.Length > MaxValueLength)
        {
            var end = char.IsHighSurrogate(value[MaxValueLength - 1]) ? MaxValueLength - 1 : MaxValueLength;
            cut = value[..end] + "…";
        }

        return string.Create(cut.Length, cut, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '\uFFFD' : source[i];
            }
        });
    }
}
