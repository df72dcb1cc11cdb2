using Depot.Protocol;

namespace Depot.Core.Accounts;

/// <summary>Length is the rule that matters (NIST SP 800-63B); composition rules only annoy.</summary>
public static class PasswordRule
{
    // PBKDF2 hashes any length, but an unbounded one is a CPU denial of service.
    public const int MaxLength = 1024;

    public static DepotError? Check(string? password, AccountOptions options) =>
        password is null || password.Length < options.MinPasswordLength || password.Length > MaxLength
            ? new DepotError(ErrorCodes.WeakPassword, $"A password needs {options.MinPasswordLength}–{MaxLength} characters.")
            : null;
}
