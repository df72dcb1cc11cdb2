using Depot.Core.Access;
using Depot.Core.Accounts.TwoFactor;
using Depot.Core.Events;
using Depot.Protocol;
using Depot.Protocol.Auth;

namespace Depot.Core.Accounts;

/// <summary>Signing in, the caller's own account, and their tokens (sessions and personal access tokens).</summary>
public sealed class AccountService(
    IAccountStore store, SecretThrottle throttle, TwoFactorService twoFactor, AccountOptions options, TimeProvider clock, AuditLog audit)
{
    private static readonly DepotError BadCredentials = new(ErrorCodes.InvalidCredentials, "Unknown user or wrong password.");

    /// <summary>
    /// Exchanges a password (and, when the account has two-factor sign-in, a code) for a session token. Unknown users,
    /// wrong passwords and disabled accounts answer identically and take the same time (a decoy hash is verified when
    /// there is no user).
    /// </summary>
    public Task<Result<IssuedToken>> SignInAsync(string username, string password, string? address, CancellationToken cancellationToken) =>
        SignInAsync(username, password, null, TokenKinds.Session, address, cancellationToken);

    /// <summary>
    /// Signs in for a token of <paramref name="kind"/>: <see cref="TokenKinds.Session"/> (a bearer token) or
    /// <see cref="TokenKinds.Web"/> (the web app's cookie). Same checks, throttling and lifetime for both. With two-factor
    /// sign-in on, a right password without <paramref name="code"/> answers <see cref="ErrorCodes.TwoFactorRequired"/>; a
    /// wrong code is a failure on the same throttle keys as a wrong password, and the account's count is only cleared
    /// once both factors passed (else a known password would reset the count before every guess of the code).
    /// </summary>
    public async Task<Result<IssuedToken>> SignInAsync(
        string username, string password, string? code, string kind, string? address, CancellationToken cancellationToken)
    {
        if (kind is not (TokenKinds.Session or TokenKinds.Web))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only session and web tokens come from a password.");
        }

        ThrottleKey[] keys = [ThrottleKey.Account(username), ThrottleKey.Address(address)];
        var checkedUser = await CheckPasswordAsync(username, password, address, keys, cancellationToken);
        if (!checkedUser.IsSuccess)
        {
            return checkedUser.Error;
        }

        var user = checkedUser.Value;
        if (user.HasSecondFactor)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                return new DepotError(ErrorCodes.TwoFactorRequired, user.TwoFactor
                    ? "Enter the code from your authenticator app, or a recovery code."
                    : "Confirm with your passkey.");
            }

            if (!await twoFactor.CheckCodeAsync(user, code, address, cancellationToken))
            {
                await RecordFailedSignInAsync(user, username, "wrong_code", keys, address, cancellationToken);
                return new DepotError(ErrorCodes.InvalidTwoFactorCode, "The code is wrong, expired or already used.");
            }
        }

        return await CompleteSignInAsync(user, kind, "password", address, cancellationToken);
    }

    /// <summary>
    /// Checks the password before a passkey is asked for as the second factor: throttled and audited like
    /// <see cref="SignInAsync(string, string, string?, string, string?, CancellationToken)"/>, and like it does not clear
    /// the account's failure count, which only <see cref="CompleteSignInAsync"/> does once both factors passed.
    /// </summary>
    public Task<Result<UserRecord>> CheckPasswordBeforeSecondFactorAsync(string username, string password, string? address, CancellationToken cancellationToken) =>
        CheckPasswordAsync(username, password, address, [ThrottleKey.Account(username), ThrottleKey.Address(address)], cancellationToken);

    /// <summary>
    /// Issues the session of a user whose sign-in passed every check (<paramref name="method"/>: <c>password</c>, with its
    /// second factor when the account has one, or <c>passkey</c>): clears the account's failure count and audits it.
    /// </summary>
    public async Task<Result<IssuedToken>> CompleteSignInAsync(UserRecord user, string kind, string method, string? address, CancellationToken cancellationToken)
    {
        if (kind is not (TokenKinds.Session or TokenKinds.Web))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only session and web tokens come from a sign-in.");
        }

        await throttle.ResetAsync(ThrottleKey.Account(user.Username), cancellationToken);
        var issued = await IssueAsync(user.Id, kind, null, clock.GetUtcNow() + options.SessionLifetime, address, cancellationToken);
        await audit.RecordAsync(new AuditActor(user.Id, user.Username, address), AuditActions.SignIn, AuditTarget.Account(user.Id),
            ("tokenId", issued.Value.Record.Id), ("tokenKind", kind), ("twoFactor", user.HasSecondFactor ? "true" : "false"), ("method", method));
        return issued;
    }

    /// <summary>
    /// A second factor (code or passkey) that failed for <paramref name="user"/>: a failure on the same throttle keys as a
    /// wrong password, counted and audited the same way.
    /// </summary>
    public async Task RecordFailedSignInAsync(
        UserRecord? user, string username, string reason, ThrottleKey[] keys, string? address, CancellationToken cancellationToken)
    {
        await throttle.RecordFailureAsync(keys, cancellationToken);
        AccountsMetrics.AuthFailed(AccountsMetrics.Password);
        await audit.RecordAsync(AuditActor.Anonymous(address), AuditActions.SignInFailed, AuditTarget.Account(user?.Id),
            ("username", username), ("reason", reason));
    }

    /// <summary>
    /// Checks a username and password, throttled per account and per address: the check behind HTTP Basic
    /// authentication (WebDAV). Unknown users, wrong passwords and disabled accounts answer identically and take the same
    /// time (a decoy hash is verified when there is no user); failures are audited.
    /// </summary>
    public async Task<Result<UserRecord>> VerifyPasswordAsync(string username, string password, string? address, CancellationToken cancellationToken)
    {
        ThrottleKey[] keys = [ThrottleKey.Account(username), ThrottleKey.Address(address)];
        var checkedUser = await CheckPasswordAsync(username, password, address, keys, cancellationToken);
        if (checkedUser.IsSuccess)
        {
            await throttle.ResetAsync(keys[0], cancellationToken);
        }

        return checkedUser;
    }

    private async Task<Result<UserRecord>> CheckPasswordAsync(
        string username, string password, string? address, ThrottleKey[] keys, CancellationToken cancellationToken)
    {
        if (await throttle.RetryAfterAsync(keys, cancellationToken) is var wait && wait > TimeSpan.Zero)
        {
            return Throttled(wait);
        }

        var user = username.Length is > 0 and <= UsernameRule.MaxLength
            ? await store.FindUserByNameAsync(username, cancellationToken)
            : null;
        var verified = PasswordHasher.Verify(password, user?.PasswordHash ?? PasswordHasher.DecoyHash);
        if (user is null || !verified || user.Disabled)
        {
            await throttle.RecordFailureAsync(keys, cancellationToken);
            AccountsMetrics.AuthFailed(AccountsMetrics.Password);
            // The username as typed, never the password; an unknown name has no owner, so only admins see it.
            await audit.RecordAsync(AuditActor.Anonymous(address), AuditActions.SignInFailed, AuditTarget.Account(user?.Id),
                ("username", username), ("reason", user is null ? "unknown_user" : !verified ? "wrong_password" : "disabled"));
            return BadCredentials;
        }

        if (PasswordHasher.NeedsRehash(user.PasswordHash))
        {
            var rehashed = PasswordHasher.Hash(password);
            await store.SetPasswordHashAsync(user.Id, rehashed, cancellationToken);
            user = user with { PasswordHash = rehashed };
        }

        return user;
    }

    /// <summary>
    /// Resolves a bearer secret to its caller. A token is 256 random bits, so it is looked up (a hash and an index probe)
    /// even while the address is in back-off: a valid token is never refused because someone else at the same address
    /// guessed wrong. Only failures are throttled: counted per address, and answered 429 with a wait instead of 401
    /// while the back-off lasts.
    /// </summary>
    public async Task<Result<Caller>> AuthenticateAsync(string secret, string? address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var found = secret.Length is > 0 and <= 200 ? await store.FindTokenAsync(Secrets.HashOf(secret), now, cancellationToken) : null;
        // App passwords are for HTTP Basic on WebDAV only (see BasicAuthenticator): a device's secret is not an API token.
        if (found is not { } hit || hit.Token.Kind == TokenKinds.AppPassword)
        {
            var wait = await throttle.RecordFailureAsync([ThrottleKey.Address(address)], cancellationToken);
            AccountsMetrics.AuthFailed(AccountsMetrics.Token);
            return wait > TimeSpan.Zero
                ? Throttled(wait)
                : new DepotError(ErrorCodes.Unauthenticated, "The token is invalid, expired or revoked.");
        }

        // Last-use times are for the sessions list, not an audit trail: one write a minute per token is plenty.
        if (hit.Token.LastUsedAt is not { } last || now - last > TimeSpan.FromMinutes(1))
        {
            await store.TouchTokenAsync(hit.Token.Id, now, cancellationToken);
        }

        // Sign-in sessions only: tokens and app passwords made before the requirement keep working for scripts and devices.
        var mustEnrol = hit.Token.Kind is TokenKinds.Session or TokenKinds.Web && !hit.User.HasSecondFactor
            && await twoFactor.IsRequiredForAsync(hit.User, hit.Token.CreatedAt, cancellationToken);
        return new Caller(hit.User.Id, hit.User.Username, hit.User.IsAdmin, hit.Token.Id) { MustEnrolTwoFactor = mustEnrol };
    }

    public async Task SignOutAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.TokenId is not null)
        {
            await store.DeleteTokenAsync(caller.UserId, caller.TokenId, cancellationToken);
            await audit.RecordAsync(caller, AuditActions.SignOut, AuditTarget.Account(caller.UserId), ("tokenId", caller.TokenId));
        }
    }

    public async Task<Result<UserRecord>> GetSelfAsync(Caller caller, CancellationToken cancellationToken) =>
        await store.FindUserByIdAsync(caller.UserId, cancellationToken) is { } user
            ? user
            : new DepotError(ErrorCodes.Unauthenticated, "The account no longer exists.");

    /// <summary>Changes the caller's password after checking the current one (throttled), and ends every other session.</summary>
    public async Task<Result<Unit>> ChangePasswordAsync(Caller caller, string current, string next, string? address, CancellationToken cancellationToken)
    {
        ThrottleKey[] keys = [ThrottleKey.Account(caller.Username), ThrottleKey.Address(address)];
        if (await throttle.RetryAfterAsync(keys, cancellationToken) is var wait && wait > TimeSpan.Zero)
        {
            return Throttled(wait);
        }

        var user = await store.FindUserByIdAsync(caller.UserId, cancellationToken);
        if (user is null || !PasswordHasher.Verify(current, user.PasswordHash))
        {
            await throttle.RecordFailureAsync(keys, cancellationToken);
            AccountsMetrics.AuthFailed(AccountsMetrics.Password);
            return new DepotError(ErrorCodes.InvalidCredentials, "The current password is wrong.");
        }

        if (PasswordRule.Check(next, options) is { } weak)
        {
            return weak;
        }

        await store.SetPasswordHashAsync(user.Id, PasswordHasher.Hash(next), cancellationToken);
        await store.DeleteTokensAsync(user.Id, caller.TokenId, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.PasswordChange, AuditTarget.Account(caller.UserId));
        return Unit.Value;
    }

    public Task<IReadOnlyList<TokenRecord>> ListTokensAsync(Caller caller, CancellationToken cancellationToken) =>
        store.ListTokensAsync(caller.UserId, clock.GetUtcNow(), cancellationToken);

    public async Task<Result<IssuedToken>> CreatePersonalTokenAsync(
        Caller caller, string name, DateTimeOffset? expiresAt, string? address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(char.IsControl))
        {
            return new DepotError(ErrorCodes.InvalidRequest, "A token needs a name of 1–100 printable characters.");
        }

        if (expiresAt is { } requested && (requested <= now || requested > now + TimeSpan.FromDays(3650)))
        {
            return new DepotError(ErrorCodes.InvalidRequest, "The expiry must be in the future and within ten years.");
        }

        var issued = await IssueAsync(caller.UserId, TokenKinds.Personal, name.Trim(), expiresAt ?? now + options.PersonalTokenLifetime,
            address, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.TokenCreate, AuditTarget.Account(caller.UserId),
            ("tokenId", issued.Value.Record.Id), ("tokenName", issued.Value.Record.Name));
        return issued;
    }

    public async Task<Result<Unit>> RevokeTokenAsync(Caller caller, string tokenId, CancellationToken cancellationToken)
    {
        if (!await store.DeleteTokenAsync(caller.UserId, tokenId, cancellationToken))
        {
            return new DepotError(ErrorCodes.TokenNotFound, "No such token.");
        }

        await audit.RecordAsync(caller, AuditActions.TokenRevoke, AuditTarget.Account(caller.UserId), ("tokenId", tokenId));
        return Unit.Value;
    }

    private async Task<Result<IssuedToken>> IssueAsync(
        string userId, string kind, string? name, DateTimeOffset expiresAt, string? address, CancellationToken cancellationToken)
    {
        var secret = Secrets.NewToken();
        var record = new TokenRecord(Ids.New(clock), userId, kind, name, clock.GetUtcNow(), expiresAt, null, address);
        await store.CreateTokenAsync(record, Secrets.HashOf(secret), cancellationToken);
        return new IssuedToken(secret, record);
    }

    private static DepotError Throttled(TimeSpan wait) =>
        new(ErrorCodes.TooManyAttempts, "Too many failed attempts; try again later.", wait);
}
