namespace Depot.Core.Accounts.TwoFactor;

/// <summary>A user's two-factor sign-in as they see it: on, waiting for its first code, required of them, codes left.</summary>
public sealed record TwoFactorState(bool Enabled, bool Pending, bool Required, int RecoveryCodesLeft);
