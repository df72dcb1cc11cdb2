namespace Depot.Core.Accounts;

/// <summary>A token just created: <see cref="Secret"/> is returned to the client once and never stored.</summary>
public sealed record IssuedToken(string Secret, TokenRecord Record);
