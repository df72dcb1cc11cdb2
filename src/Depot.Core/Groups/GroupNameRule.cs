using Depot.Protocol;

namespace Depot.Core.Groups;

/// <summary>
/// Group names follow the username rule: 1–64 ASCII letters, digits, '.', '_' and '-', starting with a letter or
/// digit, compared case-insensitively. They appear in URLs, CLI arguments and share listings, where anything wider
/// misbehaves. Groups and users are separate namespaces: a group may share a name with a user.
/// </summary>
public static class GroupNameRule
{
    public const int MaxLength = 64;

    public static DepotError? Check(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > MaxLength || !char.IsAsciiLetterOrDigit(name[0])
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? new DepotError(ErrorCodes.InvalidRequest,
                "A group name is 1–64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit.")
            : null;

    /// <summary>The comparison key: "Eng" and "eng" are one group.</summary>
    public static string Key(string name) => name.ToLowerInvariant();
}
