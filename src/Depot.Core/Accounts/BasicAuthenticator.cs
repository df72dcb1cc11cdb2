using Depot.Core.Access;
using Depot.Core.Accounts.TwoFactor;
using Depot.Protocol;
using Depot.Protocol.Auth;

namespace Depot.Core.Accounts;

/// <summary>
/// HTTP Basic credentials (WebDAV): the user's name with an app password of theirs or their account password.
/// Password checks go through <see cref="AccountService.VerifyPasswordAsync"/>, throttled exactly like sign-in;
/// a recently verified password is remembered (<see cref="PasswordCheckCache"/>) but re-validated against the
/// stored hash on every request. The account password is refused once the account has two-factor sign-in (or is
/// required to): a password alone must not open the files, so WebDAV clients then use app passwords.
/// </summary>
public sealed class BasicAuthenticator(IAccountStore store, AccountService accounts, TwoFactorService twoFactor, TimeProvider clock)
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
                return await PasswordAllowedAsync(user, cancellationToken)
                    ? new Caller(user.Id, user.Username, user.IsAdmin)
                    : AppPasswordNeeded;
            }

            _cache.Forget(key);
        }

        var verified = await accounts.VerifyPasswordAsync(username, secret, address, cancellationToken);
        if (!verified.IsSuccess)
        {
            return verified.Error;
        }

        if (!await PasswordAllowedAsync(verified.Value, cancellationToken))
        {
            return AppPasswordNeeded;
        }

        _cache.Add(key, verified.Value.Id, verified.Value.PasswordHash, now);
        return new Caller(verified.Value.Id, verified.Value.Username, verified.Value.IsAdmin);
    }

    private static readonly DepotError AppPasswordNeeded = new(ErrorCodes.AppPasswordRequired,
        "This account uses two-factor sign-in: connect with an app password (Settings → App passwords), not the account password.");

    private async Task<bool> PasswordAllowedAsync(UserRecord user, CancellationToken cancellationToken) =>
        !user.HasSecondFactor && !await twoFactor.IsRequiredForAsync(user, cancellationToken);
}
