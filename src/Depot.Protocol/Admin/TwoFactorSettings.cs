namespace Depot.Protocol.Admin;

/// <summary>
/// <c>GET/PUT /api/v1/settings/two-factor</c>: who must use two-factor sign-in: <c>optional</c> (nobody is made to),
/// <c>admins</c> or <c>everyone</c>.
/// </summary>
public sealed record TwoFactorSettings(string Require);
