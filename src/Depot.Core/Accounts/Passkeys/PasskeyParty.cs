namespace Depot.Core.Accounts.Passkeys;

/// <summary>
/// The WebAuthn relying party a ceremony runs for: its id (a host name, e.g. <c>files.example.org</c>), the name
/// authenticators show, and the exact origins (<c>https://files.example.org</c>) the browser may report. The server
/// builds it from configuration or, when none is set, from the request (see docs/configuration.md).
/// </summary>
public sealed record PasskeyParty(string Id, string Name, IReadOnlySet<string> Origins);
