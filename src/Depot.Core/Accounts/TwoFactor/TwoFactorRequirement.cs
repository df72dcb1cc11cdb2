namespace Depot.Core.Accounts.TwoFactor;

/// <summary>Who must use two-factor sign-in, as an admin set it (<c>PUT /api/v1/settings/two-factor</c>).</summary>
public static class TwoFactorRequirement
{
    /// <summary>Nobody is made to; everyone may.</summary>
    public const string Optional = "optional";

    /// <summary>Accounts with the admin flag.</summary>
    public const string Admins = "admins";

    /// <summary>Every account.</summary>
    public const string Everyone = "everyone";

    public static bool IsKnown(string? value) => value is Optional or Admins or Everyone;

    public static bool Applies(string requirement, UserRecord user) =>
        requirement == Everyone || (requirement == Admins && user.IsAdmin);
}
