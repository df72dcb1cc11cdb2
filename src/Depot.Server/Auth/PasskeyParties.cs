using Depot.Core.Accounts.Passkeys;
using Microsoft.Extensions.Options;

namespace Depot.Server.Auth;

/// <summary>
/// The relying party of a request's passkey ceremony: from <see cref="PasskeyOptions"/> when configured, else from the
/// request's own scheme and Host. The latter is safe because the browser, not the caller, writes the origin into what the
/// authenticator signs, and a credential is bound to the id it was made for: a request with a forged Host can only name
/// an origin and id no genuine passkey of this server was made for, so it fails. Behind a TLS-terminating proxy the
/// request's scheme is <c>http</c> and every ceremony fails closed until the origins are configured.
/// </summary>
internal sealed class PasskeyParties(IOptions<PasskeyOptions> options)
{
    private readonly PasskeyParty? _configured = FromOptions(options.Value);

    public PasskeyParty For(HttpRequest request)
    {
        if (_configured is not null)
        {
            return _configured;
        }

        var origin = $"{request.Scheme}://{request.Host.Value}";
        return new PasskeyParty(request.Host.Host.ToLowerInvariant(), options.Value.RelyingPartyName, new HashSet<string>([origin], StringComparer.Ordinal));
    }

    private static PasskeyParty? FromOptions(PasskeyOptions options)
    {
        var origins = options.Origins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')).ToList();
        if (string.IsNullOrWhiteSpace(options.RelyingPartyId) && origins.Count == 0)
        {
            return null;
        }

        var id = string.IsNullOrWhiteSpace(options.RelyingPartyId) ? new Uri(origins[0]).Host : options.RelyingPartyId.Trim().ToLowerInvariant();
        if (origins.Count == 0)
        {
            origins.Add("https://" + id);
        }

        // WebAuthn lets an origin use an id that is its host or a registrable suffix of it, nothing else: say so at start-up.
        foreach (var origin in origins)
        {
            var host = new Uri(origin).Host;
            if (host != id && !host.EndsWith("." + id, StringComparison.Ordinal))
            {
                throw new OptionsValidationException(PasskeyOptions.Section, typeof(PasskeyOptions),
                    [$"{PasskeyOptions.Section}:Origins: {origin} cannot use the relying party id {id} (it must be its host or end with .{id})."]);
            }
        }

        return new PasskeyParty(id, options.RelyingPartyName, new HashSet<string>(origins, StringComparer.Ordinal));
    }
}
