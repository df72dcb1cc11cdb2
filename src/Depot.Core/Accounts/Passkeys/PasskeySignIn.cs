namespace Depot.Core.Accounts.Passkeys;

/// <summary>A sign-in a passkey completed: the session issued and whose it is.</summary>
public sealed record PasskeySignIn(IssuedToken Token, string Username);
