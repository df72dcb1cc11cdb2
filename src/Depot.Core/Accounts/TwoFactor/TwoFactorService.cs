using Depot.Core.Access;
using Depot.Core.Accounts.Passkeys;
using Depot.Core.Events;
using Depot.Core.Settings;
using Depot.Protocol;

namespace Depot.Core.Accounts.TwoFactor;

/// <summary>
/// Two-factor sign-in with TOTP (RFC 6238): enrolment, the second-factor check at sign-in, disabling, an admin's reset
/// and the admins' requirement. Every wrong code is a failure on the same throttle keys as a wrong password (account
/// and address), so guessing six digits is as slow as guessing a password; a code is accepted once
/// (<see cref="ITwoFactorStore.TrySpendStepAsync"/>).
/// </summary>
public sealed class TwoFactorService(
    ITwoFactorStore store, IPasskeyStore passkeys, IAccountStore accounts, ISettingsStore settings, SecretThrottle throttle, TimeProvider clock, AuditLog audit)
{
    public const string RequirementSetting = "two_factor.require";
    private const string Issuer = "Depot";

    private static readonly DepotError WrongCode = new(ErrorCodes.InvalidTwoFactorCode, "The code is wrong, expired or already used.");
    private static readonly DepotError NotEnabled = new(ErrorCodes.TwoFactorNotEnabled, "Two-factor sign-in is not on for this account.");
    private static readonly DepotError NotAdmin = new(ErrorCodes.Forbidden, "Only administrators change this.");

    public async Task<string> RequirementAsync(CancellationToken cancellationToken) =>
        await settings.GetAsync(RequirementSetting, cancellationToken) is { } setting && TwoFactorRequirement.IsKnown(setting.Value)
            ? setting.Value
            : TwoFactorRequirement.Optional;

    public Task<bool> IsRequiredForAsync(UserRecord user, CancellationToken cancellationToken) =>
        IsRequiredForAsync(user, null, cancellationToken);

    /// <summary>
    /// Whether an admin requires two-factor sign-in of <paramref name="user"/>; for a session, only if it began after the
    /// requirement was set: sessions already open (the admin's own, who just set it) are not cut off mid-work, while every
    /// new sign-in must enrol.
    /// </summary>
    public async Task<bool> IsRequiredForAsync(UserRecord user, DateTimeOffset? sessionStartedAt, CancellationToken cancellationToken)
    {
        if (await settings.GetAsync(RequirementSetting, cancellationToken) is not { } setting || !TwoFactorRequirement.Applies(setting.Value, user))
        {
            return false;
        }

        return sessionStartedAt is not { } started || started >= setting.UpdatedAt;
    }

    public async Task<Result<TwoFactorState>> StateAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (await accounts.FindUserByIdAsync(caller.UserId, cancellationToken) is not { } user)
        {
            return new DepotError(ErrorCodes.Unauthenticated, "The account no longer exists.");
        }

        var record = await store.FindAsync(user.Id, cancellationToken);
        var left = record is { Confirmed: true } ? await store.CountRecoveryCodesLeftAsync(user.Id, cancellationToken) : 0;
        return new TwoFactorState(record?.Confirmed == true, record is { Confirmed: false }, await IsRequiredForAsync(user, cancellationToken), left);
    }

    /// <summary>Starts an enrolment with a new key (replacing one not yet confirmed); refused while two-factor sign-in is on.</summary>
    public async Task<Result<TwoFactorEnrolment>> StartAsync(Caller caller, CancellationToken cancellationToken)
    {
        var secret = TotpCodes.NewSecret();
        return await store.StartAsync(caller.UserId, secret, clock.GetUtcNow(), cancellationToken)
            ? new TwoFactorEnrolment(secret, TotpCodes.Uri(secret, caller.Username, Issuer))
            : new DepotError(ErrorCodes.TwoFactorAlreadyEnabled, "Two-factor sign-in is already on; disable it first.");
    }

    /// <summary>The <c>otpauth://</c> URI of the enrolment waiting for confirmation (for its QR code).</summary>
    public async Task<Result<string>> PendingUriAsync(Caller caller, CancellationToken cancellationToken) =>
        await store.FindAsync(caller.UserId, cancellationToken) is { Confirmed: false } pending
            ? TotpCodes.Uri(pending.Secret, caller.Username, Issuer)
            : NotEnabled;

    /// <summary>Turns two-factor sign-in on with the first code from the app; answers the ten recovery codes, shown only now.</summary>
    public async Task<Result<string[]>> ConfirmAsync(Caller caller, string code, CancellationToken cancellationToken)
    {
        ThrottleKey[] keys = [ThrottleKey.Account(caller.Username), ThrottleKey.Address(caller.Address)];
        if (await throttle.RetryAfterAsync(keys, cancellationToken) is var wait && wait > TimeSpan.Zero)
        {
            return Throttled(wait);
        }

        if (await store.FindAsync(caller.UserId, cancellationToken) is not { Confirmed: false } pending)
        {
            return NotEnabled;
        }

        var now = clock.GetUtcNow();
        if (TotpCodes.MatchingStep(pending.Secret, code, now) is not { } step)
        {
            await throttle.RecordFailureAsync(keys, cancellationToken);
            return WrongCode;
        }

        var codes = RecoveryCodes.New();
        if (!await store.ConfirmAsync(caller.UserId, step, [.. codes.Select(c => RecoveryCodes.HashOf(caller.UserId, c))], now, cancellationToken))
        {
            return NotEnabled;   // confirmed meanwhile by another request: its codes stand
        }

        await accounts.ForgetUserAsync(caller.UserId, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.TwoFactorEnable, AuditTarget.Account(caller.UserId));
        return codes;
    }

    /// <summary>
    /// Checks the second factor of <paramref name="user"/>: a TOTP code not used before, or an unused recovery code (which
    /// is then spent and audited). Throttling is the caller's: this only answers whether the code is good.
    /// </summary>
    public async Task<bool> CheckCodeAsync(UserRecord user, string code, string? address, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64 || await store.FindAsync(user.Id, cancellationToken) is not { Confirmed: true } record)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (TotpCodes.LooksLikeTotp(code))
        {
            return TotpCodes.MatchingStep(record.Secret, code, now) is { } step && await store.TrySpendStepAsync(user.Id, step, cancellationToken);
        }

        if (!await store.TrySpendRecoveryCodeAsync(user.Id, RecoveryCodes.HashOf(user.Id, code), now, cancellationToken))
        {
            return false;
        }

        var left = await store.CountRecoveryCodesLeftAsync(user.Id, cancellationToken);
        await audit.RecordAsync(new AuditActor(user.Id, user.Username, address), AuditActions.TwoFactorRecoveryUsed,
            AuditTarget.Account(user.Id), ("left", left.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return true;
    }

    /// <summary>
    /// Turns two-factor sign-in off: needs the password and a current code (or a recovery code), both throttled; refused
    /// while an admin requires it of the account (an admin's reset is the way out then).
    /// </summary>
    public async Task<Result<Unit>> DisableAsync(Caller caller, string password, string code, CancellationToken cancellationToken)
    {
        ThrottleKey[] keys = [ThrottleKey.Account(caller.Username), ThrottleKey.Address(caller.Address)];
        if (await throttle.RetryAfterAsync(keys, cancellationToken) is var wait && wait > TimeSpan.Zero)
        {
            return Throttled(wait);
        }

        var user = await accounts.FindUserByIdAsync(caller.UserId, cancellationToken);
        if (user is not { TwoFactor: true })
        {
            return NotEnabled;
        }

        if (await IsRequiredForAsync(user, cancellationToken))
        {
            return new DepotError(ErrorCodes.Forbidden, "An administrator requires two-factor sign-in for this account.");
        }

        if (!PasswordHasher.Verify(password, user.PasswordHash) || !await CheckCodeAsync(user, code, caller.Address, cancellationToken))
        {
            await throttle.RecordFailureAsync(keys, cancellationToken);
            return new DepotError(ErrorCodes.InvalidCredentials, "The password or the code is wrong.");
        }

        await RemoveAsync(user.Id, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.TwoFactorDisable, AuditTarget.Account(user.Id));
        return Unit.Value;
    }

    /// <summary>
    /// New recovery codes for the caller, after the password and a current code (both throttled): the old ones stop
    /// working at once, used or not. Answers the ten new codes, shown only now.
    /// </summary>
    public async Task<Result<string[]>> RegenerateRecoveryCodesAsync(Caller caller, string password, string code, CancellationToken cancellationToken)
    {
        ThrottleKey[] keys = [ThrottleKey.Account(caller.Username), ThrottleKey.Address(caller.Address)];
        if (await throttle.RetryAfterAsync(keys, cancellationToken) is var wait && wait > TimeSpan.Zero)
        {
            return Throttled(wait);
        }

        var user = await accounts.FindUserByIdAsync(caller.UserId, cancellationToken);
        if (user is not { TwoFactor: true })
        {
            return NotEnabled;
        }

        // Only a TOTP code: a recovery code spent here would be replaced in the same breath, so it proves nothing new.
        if (!PasswordHasher.Verify(password, user.PasswordHash) || !TotpCodes.LooksLikeTotp(code)
            || !await CheckCodeAsync(user, code, caller.Address, cancellationToken))
        {
            await throttle.RecordFailureAsync(keys, cancellationToken);
            return new DepotError(ErrorCodes.InvalidCredentials, "The password or the code is wrong.");
        }

        var codes = RecoveryCodes.New();
        if (!await store.ReplaceRecoveryCodesAsync(user.Id, [.. codes.Select(c => RecoveryCodes.HashOf(user.Id, c))], cancellationToken))
        {
            return NotEnabled;   // turned off meanwhile
        }

        await audit.RecordAsync(caller, AuditActions.TwoFactorRecoveryRegenerate, AuditTarget.Account(user.Id));
        return codes;
    }

    /// <summary>
    /// An admin turns off another user's two-factor sign-in (a lost phone and lost recovery codes): the TOTP enrolment and
    /// every passkey, so the password alone signs in again; audited.
    /// </summary>
    public async Task<Result<Unit>> ResetAsync(Caller caller, string username, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            return NotAdmin;
        }

        if (await accounts.FindUserByNameAsync(username, cancellationToken) is not { } user)
        {
            return new DepotError(ErrorCodes.UserNotFound, "No such user.");
        }

        if (!await RemoveAsync(user.Id, cancellationToken))
        {
            return NotEnabled;
        }

        await audit.RecordAsync(caller, AuditActions.TwoFactorReset, AuditTarget.Account(user.Id), ("username", user.Username));
        return Unit.Value;
    }

    public async Task<Result<string>> SetRequirementAsync(Caller caller, string requirement, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            return NotAdmin;
        }

        if (!TwoFactorRequirement.IsKnown(requirement))
        {
            return new DepotError(ErrorCodes.InvalidRequest, "The requirement is one of optional, admins, everyone.");
        }

        await settings.SetAsync(RequirementSetting, requirement, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.SettingsTwoFactor, AuditTarget.None, ("require", requirement));
        return requirement;
    }

    private async Task<bool> RemoveAsync(string userId, CancellationToken cancellationToken)
    {
        var removed = await store.DeleteAsync(userId, cancellationToken);
        removed |= await passkeys.DeleteAllAsync(userId, cancellationToken);
        await accounts.ForgetUserAsync(userId, cancellationToken);
        return removed;
    }

    private static DepotError Throttled(TimeSpan wait) =>
        new(ErrorCodes.TooManyAttempts, "Too many failed attempts; try again later.", wait);
}
