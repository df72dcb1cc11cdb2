using Depot.Protocol;

namespace Depot.Core.Accounts;

/// <summary>
/// Usernames: 1–64 characters of ASCII letters, digits, '.', '_' and '-', starting with a letter or digit.
/// Narrow on purpose: they appear in URLs, logs and (later) WebDAV Basic auth, where anything else misbehaves.
/// </summary>
public static class UsernameRule
{
    public const int MaxLength = 64;

    public static DepotError? Check(string? username)
    {
        if (string.IsNullOrEmpty(username) || username.Length > MaxLength || !char.IsAsciiLetterOrDigit(username[0])
            || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return new DepotError(ErrorCodes.InvalidRequest,
                "A username is 1–64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        return null;
    }
}
