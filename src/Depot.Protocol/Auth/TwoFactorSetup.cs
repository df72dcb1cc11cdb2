namespace Depot.Protocol.Auth;

/// <summary>
/// A started enrolment (<c>POST /api/v1/me/two-factor</c>): the key for typing in by hand, the <c>otpauth://</c> URI,
/// and where the server renders its QR code as SVG (same origin, no third-party service).
/// </summary>
public sealed record TwoFactorSetup(string Secret, string Uri, string QrCodeUrl);
