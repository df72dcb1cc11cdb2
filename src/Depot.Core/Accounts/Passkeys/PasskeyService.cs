using System.Text;
using Depot.Core.Access;
using Depot.Core.Accounts.TwoFactor;
using Depot.Core.Events;
using Depot.Protocol;
using Fido2NetLib;
using Fido2NetLib.Objects;

namespace Depot.Core.Accounts.Passkeys;

/// <summary>
/// The caller's passkeys (WebAuthn, verified by Fido2): adding one (a discoverable credential, so it can also sign in
/// without a username), listing, renaming and removing them. Signing in with one is <see cref="PasskeySignInService"/>.
/// </summary>
public sealed class PasskeyService(
    IPasskeyStore store, PasskeyCeremonies ceremonies, IAccountStore accounts, TwoFactorService twoFactor, SecretThrottle throttle,
    TimeProvider clock, AuditLog audit)
{
    public const int MaxNameLength = 100;

    internal static readonly DepotError BadChallenge = new(ErrorCodes.InvalidPasskeyChallenge,
        "The passkey request is unknown, expired or already used: start again.");
    private static readonly DepotError NotFound = new(ErrorCodes.PasskeyNotFound, "No such passkey.");

    public Task<IReadOnlyList<PasskeyRecord>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        store.ListAsync(caller.UserId, cancellationToken);

    /// <summary>Begins adding a passkey: a discoverable credential (so it can sign in without a username), none the account already has.</summary>
    public async Task<Result<PasskeyCeremony>> BeginRegistrationAsync(Caller caller, PasskeyParty party, CancellationToken cancellationToken)
    {
        if (await accounts.FindUserByIdAsync(caller.UserId, cancellationToken) is not { } user)
        {
            return new DepotError(ErrorCodes.Unauthenticated, "The account no longer exists.");
        }

        var existing = await store.ListAsync(user.Id, cancellationToken);
        var options = PasskeyCeremonies.Fido2For(party).RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandleOf(user), Name = user.Username, DisplayName = user.Username },
            ExcludeCredentials = [.. existing.Select(p => new PublicKeyCredentialDescriptor(PasskeyCeremonies.Decode(p.CredentialId)))],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = UserVerificationRequirement.Preferred,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        return await ceremonies.SaveAsync(PasskeyPurposes.Register, user.Id, options.ToJson(), false, cancellationToken);
    }

    /// <summary>Finishes adding a passkey with the browser's answer to <see cref="BeginRegistrationAsync"/>.</summary>
    public async Task<Result<PasskeyRecord>> FinishRegistrationAsync(
        Caller caller, PasskeyParty party, string challengeId, string name, string response, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            return new DepotError(ErrorCodes.InvalidName, $"Give the passkey a name of 1 to {MaxNameLength} characters.");
        }

        if (await ceremonies.TakeAsync(challengeId, PasskeyPurposes.Register, cancellationToken) is not { } challenge || challenge.UserId != caller.UserId)
        {
            return BadChallenge;
        }

        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await PasskeyCeremonies.Fido2For(party).MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = PasskeyCeremonies.Parse<AuthenticatorAttestationRawResponse>(response),
                OriginalOptions = CredentialCreateOptions.FromJson(challenge.Options),
                IsCredentialIdUniqueToUserCallback = async (args, ct) =>
                    await store.FindByCredentialIdAsync(PasskeyCeremonies.Encode(args.CredentialId), ct) is null,
            }, cancellationToken);
        }
        catch (Exception e) when (PasskeyCeremonies.IsRejection(e))
        {
            return new DepotError(ErrorCodes.PasskeyRegistrationFailed, "The passkey could not be added: " + e.Message);
        }

        var now = clock.GetUtcNow();
        var passkey = new PasskeyRecord(Ids.New(clock), caller.UserId, PasskeyCeremonies.Encode(credential.Id), PasskeyCeremonies.Encode(credential.PublicKey),
            credential.SignCount, PasskeyCeremonies.Encode(credential.User.Id), name, now, null);
        if (!await store.AddAsync(passkey, cancellationToken))
        {
            return new DepotError(ErrorCodes.PasskeyRegistrationFailed, "This passkey is already registered.");
        }

        await accounts.ForgetUserAsync(caller.UserId, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.PasskeyAdd, AuditTarget.Account(caller.UserId), ("passkeyId", passkey.Id), ("name", name));
        return passkey;
    }

    public async Task<Result<PasskeyRecord>> RenameAsync(Caller caller, string id, string name, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            return new DepotError(ErrorCodes.InvalidName, $"Give the passkey a name of 1 to {MaxNameLength} characters.");
        }

        if (!await store.RenameAsync(caller.UserId, id, name, cancellationToken))
        {
            return NotFound;
        }

        return (await store.ListAsync(caller.UserId, cancellationToken)).Single(p => p.Id == id);
    }

    /// <summary>
    /// Removes one of the caller's passkeys after checking the account password again (throttled like a sign-in), so a
    /// session left open cannot take a second factor away. Refused for the last second factor an admin requires.
    /// </summary>
    public async Task<Result<Unit>> RemoveAsync(Caller caller, string id, string password, CancellationToken cancellationToken)
    {
        ThrottleKey[] keys = [ThrottleKey.Account(caller.Username), ThrottleKey.Address(caller.Address)];
        if (await throttle.RetryAfterAsync(keys, cancellationToken) is var wait && wait > TimeSpan.Zero)
        {
            return new DepotError(ErrorCodes.TooManyAttempts, "Too many failed attempts; try again later.", wait);
        }

        if (await accounts.FindUserByIdAsync(caller.UserId, cancellationToken) is not { } user)
        {
            return new DepotError(ErrorCodes.Unauthenticated, "The account no longer exists.");
        }

        var mine = await store.ListAsync(user.Id, cancellationToken);
        if (mine.All(p => p.Id != id))
        {
            return NotFound;
        }

        if (!PasswordHasher.Verify(password, user.PasswordHash))
        {
            await throttle.RecordFailureAsync(keys, cancellationToken);
            return new DepotError(ErrorCodes.InvalidCredentials, "The password is wrong.");
        }

        if (!user.TwoFactor && mine.Count == 1 && await twoFactor.IsRequiredForAsync(user, cancellationToken))
        {
            return new DepotError(ErrorCodes.Forbidden,
                "An administrator requires two-factor sign-in for this account, and this is its only second factor.");
        }

        if (!await store.DeleteAsync(user.Id, id, cancellationToken))
        {
            return NotFound;
        }

        await accounts.ForgetUserAsync(user.Id, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.PasskeyRemove, AuditTarget.Account(user.Id), ("passkeyId", id));
        return Unit.Value;
    }

    // The WebAuthn user.id: the account's id, which is random and says nothing about the person (no name, no email).
    private static byte[] UserHandleOf(UserRecord user) => Encoding.UTF8.GetBytes(user.Id);
}
