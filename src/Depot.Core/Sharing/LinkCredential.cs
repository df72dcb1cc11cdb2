namespace Depot.Core.Sharing;

/// <summary>
/// What a visitor presented for a password link: the password (header or Basic), and/or the value of the unlock cookie
/// (<see cref="LinkUnlock"/>) that a browser got from <c>POST /api/v1/links/unlock</c>.
/// </summary>
public sealed record LinkCredential(string? Password = null, string? Unlock = null)
{
    public static readonly LinkCredential None = new();
}
