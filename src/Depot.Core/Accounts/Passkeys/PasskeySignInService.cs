using Depot.Protocol;
using Fido2NetLib;
using Fido2NetLib.Objects;

namespace Depot.Core.Accounts.Passkeys;

/// <summary>
/// Signing in with a passkey, either alone (a discoverable credential with user verification, no username typed) or as
/// the second factor after a password. A failed passkey sign-in is a failure on the same throttle keys as a wrong
/// password (the account's, once the credential names it, and the address's) and is audited like one; a good one is
/// completed, audited and its session issued by <see cref="AccountService.CompleteSignInAsync"/>.
/// </summary>
public sealed class PasskeySignInService(
    IPasskeyStore store, PasskeyCeremonies ceremonies, IAccountStore accounts, AccountService signIn, SecretThrottle throttle, TimeProvider clock)
{
    private static readonly DepotError BadPasskey = new(ErrorCodes.InvalidPasskey, "The passkey was not accepted.");

    /// <summary>Begins a sign-in with a passkey alone: any discoverable credential, and the authenticator must verify its user.</summary>
    public async Task<Result<PasskeyCeremony>> BeginSignInAsync(PasskeyParty party, CancellationToken cancellationToken)
    {
        var options = PasskeyCeremonies.Fido2For(party).GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [],
            UserVerification = UserVerificationRequirement.Required,
        });
        return await ceremonies.SaveAsync(PasskeyPurposes.SignIn, null, options.ToJson(), false, cancellationToken);
    }

    /// <summary>
    /// Begins the passkey second factor: checks the password first (throttled and audited as a sign-in; a right one does
    /// not clear the failure count yet), then asks for one of that account's passkeys.
    /// </summary>
    public async Task<Result<PasskeyCeremony>> BeginSecondFactorAsync(
        PasskeyParty party, string username, string password, string? address, CancellationToken cancellationToken)
    {
        var checkedUser = await signIn.CheckPasswordBeforeSecondFactorAsync(username, password, address, cancellationToken);
        if (!checkedUser.IsSuccess)
        {
            return checkedUser.Error;
        }

        var user = checkedUser.Value;
        var passkeys = await store.ListAsync(user.Id, cancellationToken);
        if (passkeys.Count == 0)
        {
            return new DepotError(ErrorCodes.PasskeyNotFound, "This account has no passkey.");
        }

        var options = PasskeyCeremonies.Fido2For(party).GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [.. passkeys.Select(p => new PublicKeyCredentialDescriptor(PasskeyCeremonies.Decode(p.CredentialId)))],
            UserVerification = UserVerificationRequirement.Preferred,
        });
        return await ceremonies.SaveAsync(PasskeyPurposes.SecondFactor, user.Id, options.ToJson(), user.TwoFactor, cancellationToken);
    }

    /// <summary>
    /// Finishes a sign-in begun by <see cref="BeginSignInAsync"/> or <see cref="BeginSecondFactorAsync"/>: verifies the
    /// assertion against the stored public key, moves the counter forward (refusing one that does not) and issues a
    /// session of <paramref name="kind"/>.
    /// </summary>
    public async Task<Result<PasskeySignIn>> FinishSignInAsync(
        PasskeyParty party, string challengeId, string response, string kind, string? address, CancellationToken cancellationToken)
    {
        // An address in back-off is refused before anything is looked up, as a password would be; the account's own
        // back-off is checked once the credential names the account.
        if (await throttle.RetryAfterAsync([ThrottleKey.Address(address)], cancellationToken) is var addressWait && addressWait > TimeSpan.Zero)
        {
            return Throttled(addressWait);
        }

        var challenge = await ceremonies.TakeAsync(challengeId, null, cancellationToken);
        if (challenge is not { Purpose: PasskeyPurposes.SignIn or PasskeyPurposes.SecondFactor })
        {
            return PasskeyService.BadChallenge;
        }

        AuthenticatorAssertionRawResponse assertion;
        try
        {
            assertion = PasskeyCeremonies.Parse<AuthenticatorAssertionRawResponse>(response);
        }
        catch (Exception e) when (PasskeyCeremonies.IsRejection(e))
        {
            return await FailAsync(null, "passkey_malformed", address, cancellationToken);
        }

        var passkey = assertion.RawId is { Length: > 0 } rawId ? await store.FindByCredentialIdAsync(PasskeyCeremonies.Encode(rawId), cancellationToken) : null;
        var user = passkey is null ? null : await accounts.FindUserByIdAsync(passkey.UserId, cancellationToken);
        if (passkey is null || user is null)
        {
            return await FailAsync(null, "passkey_unknown", address, cancellationToken);
        }

        ThrottleKey[] keys = [ThrottleKey.Account(user.Username), ThrottleKey.Address(address)];
        if (await throttle.RetryAfterAsync(keys, cancellationToken) is var wait && wait > TimeSpan.Zero)
        {
            return Throttled(wait);
        }

        // A second factor must be a passkey of the account whose password was checked, not anyone's.
        if (user.Disabled || (challenge.UserId is { } expected && expected != user.Id))
        {
            return await FailAsync(user, user.Disabled ? "disabled" : "passkey_other_account", address, cancellationToken);
        }

        VerifyAssertionResult verified;
        try
        {
            verified = await PasskeyCeremonies.Fido2For(party).MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = assertion,
                OriginalOptions = AssertionOptions.FromJson(challenge.Options),
                StoredPublicKey = PasskeyCeremonies.Decode(passkey.PublicKey),
                StoredSignatureCounter = (uint)passkey.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) =>
                    Task.FromResult(PasskeyCeremonies.Encode(args.UserHandle) == passkey.UserHandle && PasskeyCeremonies.Encode(args.CredentialId) == passkey.CredentialId),
            }, cancellationToken);
        }
        catch (Exception e) when (PasskeyCeremonies.IsRejection(e))
        {
            return await FailAsync(user, "passkey_invalid", address, cancellationToken);
        }

        if (!await store.TryRecordUseAsync(passkey.Id, verified.SignCount, clock.GetUtcNow(), cancellationToken))
        {
            return await FailAsync(user, "passkey_counter", address, cancellationToken);
        }

        var issued = await signIn.CompleteSignInAsync(user, kind, "passkey", address, cancellationToken);
        return issued.IsSuccess ? new PasskeySignIn(issued.Value, user.Username) : issued.Error;
    }

    private async Task<DepotError> FailAsync(UserRecord? user, string reason, string? address, CancellationToken cancellationToken)
    {
        ThrottleKey[] keys = user is null ? [ThrottleKey.Address(address)] : [ThrottleKey.Account(user.Username), ThrottleKey.Address(address)];
        await signIn.RecordFailedSignInAsync(user, user?.Username ?? "", reason, keys, address, cancellationToken);
        return BadPasskey;
    }

    private static DepotError Throttled(TimeSpan wait) => new(ErrorCodes.TooManyAttempts, "Too many failed attempts; try again later.", wait);
}
