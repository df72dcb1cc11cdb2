namespace Depot.Core.Accounts.TwoFactor;

/// <summary>A started enrolment: the key to type in by hand, and the <c>otpauth://</c> URI its QR code carries.</summary>
public sealed record TwoFactorEnrolment(string Secret, string Uri);
