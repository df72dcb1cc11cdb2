namespace Depot.Core.Accounts.Passkeys;

/// <summary>What a <see cref="PasskeyChallenge"/> was issued for: a challenge is only ever accepted for the same purpose.</summary>
public static class PasskeyPurposes
{
    /// <summary>Adding a passkey to the signed-in account.</summary>
    public const string Register = "register";

    /// <summary>Signing in with a passkey alone (discoverable credential, no username typed).</summary>
    public const string SignIn = "sign_in";

    /// <summary>The second factor after a password that was already checked for this user.</summary>
    public const string SecondFactor = "second_factor";
}
