using Depot.Core.Access;
using Depot.Protocol.Auth;

namespace Depot.Core.Accounts;

/// <summary>
/// HTTP Basic credentials (WebDAV): the user's name with an app password of theirs or their account password.
/// Password checks go through <see cref="AccountService.VerifyPasswordAsync"/>, throttled exactly like sign-in;
/// a recently verified password is remembered (<see cref="PasswordCheckCache"/>) but re-validated against the
/// stored hash on every request.
/// </summary>
public sealed class BasicAuthenticator(IAccountStore store, AccountService accounts, TimeProvider clock)
{
    private readonly PasswordCheckCache _cache = new();

    public async Task<Result<Caller>> AuthenticateAsync(string username, string secret, string? address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (AppPasswordService.Normalize(secret) is { } appPassword
            && await store.FindTokenAsync(Secrets.HashOf(appPassword), now, cancellationToken) is { } hit
            && hit.Token.Kind == TokenKinds.AppPassword
            && SqlAccountStore.UsernameKey(hit.User.Username) == SqlAccountStore.UsernameKey(username))
        {
            if (hit.Token.LastUsedAt is not { } last || now - last > TimeSpan.FromMinutes(1))
            {
                await store.TouchTokenAsync(hit.Token.Id, now, cancellationToken);
            }

            return new Caller(hit.User.Id, hit.User.Username, hit.User.IsAdmin, hit.Token.Id);
        }

        var key = _cache.KeyOf(username, secret);
        if (_cache.Find(key, now) is { } remembered)
        {
            var user = await store.FindUserByNameAsync(username, cancellationToken);
            if (user is { Disabled: false } && user.Id == remembered.UserId && user.PasswordHash == remembered.PasswordHash)
            {
                return new Caller(user.Id, user.Username, user.IsAdmin);
            }

            _cache.Forget(key);
        }

        var verified = await accounts.VerifyPasswordAsync(username, secret, address, cancellationToken);
        if (!verified.IsSuccess)
        {
            return verified.Error;
        }

        _cache.Add(key, verified.Value.Id, verified.Value.PasswordHash, now);
        return new Caller(verified.Value.Id, verified.Value.Username, verified.Value.IsAdmin);
    }
}
