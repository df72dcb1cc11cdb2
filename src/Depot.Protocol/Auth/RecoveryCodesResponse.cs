namespace Depot.Protocol.Auth;

/// <summary>The ten single-use recovery codes, answered once when two-factor sign-in is turned on; only hashes are kept.</summary>
public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);
