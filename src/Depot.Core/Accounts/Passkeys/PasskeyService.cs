using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Depot.Core.Access;
using Depot.Core.Accounts.TwoFactor;
using Depot.Core.Events;
using Depot.Protocol;
using Fido2NetLib;
using Fido2NetLib.Objects;

namespace Depot.Core.Accounts.Passkeys;

/// <summary>
/// Passkeys (WebAuthn, verified by Fido2): adding one to the account, and signing in with one, either alone
/// (a discoverable credential with user verification, no username typed) or as the second factor after a password.
/// Ceremonies are kept in the metadata store (any node finishes what another began), taken once and dead after
/// <see cref="CeremonyLifetime"/>. A failed passkey sign-in is a failure on the same throttle keys as a wrong password
/// (the account's, once the credential names it, and the address's) and is audited like one.
/// </summary>
public sealed class PasskeyService(
    IPasskeyStore store, IAccountStore accounts, AccountService signIn, TwoFactorService twoFactor, SecretThrottle throttle,
    TimeProvider clock, AuditLog audit)
{
    /// <summary>How long a begun ceremony can be finished: the browser's prompt times out after a minute; this leaves slack.</summary>
    public static readonly TimeSpan CeremonyLifetime = TimeSpan.FromMinutes(5);

    public const int MaxNameLength = 100;

    private static readonly DepotError BadChallenge = new(ErrorCodes.InvalidPasskeyChallenge,
        "The passkey request is unknown, expired or already used: start again.");
    private static readonly DepotError BadPasskey = new(ErrorCodes.InvalidPasskey, "The passkey was not accepted.");
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
        var options = Fido2For(party).RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandleOf(user), Name = user.Username, DisplayName = user.Username },
            ExcludeCredentials = [.. existing.Select(p => new PublicKeyCredentialDescriptor(Decode(p.CredentialId)))],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = UserVerificationRequirement.Preferred,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        return await SaveAsync(PasskeyPurposes.Register, user.Id, options.ToJson(), false, cancellationToken);
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

        if (await TakeAsync(challengeId, PasskeyPurposes.Register, cancellationToken) is not { } challenge || challenge.UserId != caller.UserId)
        {
            return BadChallenge;
        }

        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await Fido2For(party).MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = Parse<AuthenticatorAttestationRawResponse>(response),
                OriginalOptions = CredentialCreateOptions.FromJson(challenge.Options),
                IsCredentialIdUniqueToUserCallback = async (args, ct) =>
                    await store.FindByCredentialIdAsync(Encode(args.CredentialId), ct) is null,
            }, cancellationToken);
        }
        catch (Exception e) when (IsRejection(e))
        {
            return new DepotError(ErrorCodes.PasskeyRegistrationFailed, "The passkey could not be added: " + e.Message);
        }

        var now = clock.GetUtcNow();
        var passkey = new PasskeyRecord(Ids.New(clock), caller.UserId, Encode(credential.Id), Encode(credential.PublicKey),
            credential.SignCount, Encode(credential.User.Id), name, now, null);
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

    /// <summary>Begins a sign-in with a passkey alone: any discoverable credential, and the authenticator must verify its user.</summary>
    public async Task<Result<PasskeyCeremony>> BeginSignInAsync(PasskeyParty party, CancellationToken cancellationToken)
    {
        var options = Fido2For(party).GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [],
            UserVerification = UserVerificationRequirement.Required,
        });
        return await SaveAsync(PasskeyPurposes.SignIn, null, options.ToJson(), false, cancellationToken);
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

        var options = Fido2For(party).GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [.. passkeys.Select(p => new PublicKeyCredentialDescriptor(Decode(p.CredentialId)))],
            UserVerification = UserVerificationRequirement.Preferred,
        });
        return await SaveAsync(PasskeyPurposes.SecondFactor, user.Id, options.ToJson(), user.TwoFactor, cancellationToken);
    }

    /// <summary>
    /// Finishes a sign-in begun by <see cref="BeginSignInAsync"/> or <see cref="BeginSecondFactorAsync"/>: verifies the
    /// assertion against the stored public key, moves the counter forward (refusing one that does not) and issues a
    /// session of <paramref name="kind"/>.
    /// </summary>
    public async Task<Result<PasskeySignIn>> FinishSignInAsync(
        PasskeyParty party, string challengeId, string response, string kind, string? address, CancellationToken cancellationToken)
    {
        var challenge = await TakeAsync(challengeId, null, cancellationToken);
        if (challenge is not { Purpose: PasskeyPurposes.SignIn or PasskeyPurposes.SecondFactor })
        {
            return BadChallenge;
        }

        AuthenticatorAssertionRawResponse assertion;
        try
        {
            assertion = Parse<AuthenticatorAssertionRawResponse>(response);
        }
        catch (Exception e) when (IsRejection(e))
        {
            return await FailAsync(null, "passkey_malformed", address, cancellationToken);
        }

        var passkey = assertion.RawId is { Length: > 0 } rawId ? await store.FindByCredentialIdAsync(Encode(rawId), cancellationToken) : null;
        var user = passkey is null ? null : await accounts.FindUserByIdAsync(passkey.UserId, cancellationToken);
        if (passkey is null || user is null)
        {
            return await FailAsync(null, "passkey_unknown", address, cancellationToken);
        }

        ThrottleKey[] keys = [ThrottleKey.Account(user.Username), ThrottleKey.Address(address)];
        if (await throttle.RetryAfterAsync(keys, cancellationToken) is var wait && wait > TimeSpan.Zero)
        {
            return new DepotError(ErrorCodes.TooManyAttempts, "Too many failed attempts; try again later.", wait);
        }

        // A second factor must be a passkey of the account whose password was checked, not anyone's.
        if (user.Disabled || (challenge.UserId is { } expected && expected != user.Id))
        {
            return await FailAsync(user, user.Disabled ? "disabled" : "passkey_other_account", address, cancellationToken);
        }

        VerifyAssertionResult verified;
        try
        {
            verified = await Fido2For(party).MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = assertion,
                OriginalOptions = AssertionOptions.FromJson(challenge.Options),
                StoredPublicKey = Decode(passkey.PublicKey),
                StoredSignatureCounter = (uint)passkey.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) =>
                    Task.FromResult(Encode(args.UserHandle) == passkey.UserHandle && Encode(args.CredentialId) == passkey.CredentialId),
            }, cancellationToken);
        }
        catch (Exception e) when (IsRejection(e))
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

    private async Task<PasskeyCeremony> SaveAsync(string purpose, string? userId, string options, bool codeAccepted, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var challenge = new PasskeyChallenge(Encode(RandomNumberGenerator.GetBytes(16)), purpose, userId, options, now + CeremonyLifetime);
        await store.SaveChallengeAsync(challenge, now, cancellationToken);
        return new PasskeyCeremony(challenge.Id, options, codeAccepted);
    }

    private async Task<PasskeyChallenge?> TakeAsync(string challengeId, string? purpose, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(challengeId) || challengeId.Length > 100)
        {
            return null;
        }

        var challenge = await store.TakeChallengeAsync(challengeId, cancellationToken);
        return challenge is not null && challenge.ExpiresAt > clock.GetUtcNow() && (purpose is null || challenge.Purpose == purpose)
            ? challenge
            : null;
    }

    // The WebAuthn user.id: the account's id, which is random and says nothing about the person (no name, no email).
    private static byte[] UserHandleOf(UserRecord user) => Encoding.UTF8.GetBytes(user.Id);

    private static string Encode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[] Decode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    private static Fido2 Fido2For(PasskeyParty party) => new(new Fido2Configuration
    {
        RPID = party.Id,
        RPName = party.Name,
        Origins = new HashSet<string>(party.Origins, StringComparer.Ordinal),
    });

    private static T Parse<T>(string json) =>
        JsonSerializer.Deserialize<T>(json) ?? throw new JsonException("The passkey response is empty.");

    // What a browser (or an attacker) can make Fido2 throw with a bad answer; anything else is a bug and propagates.
    private static bool IsRejection(Exception e) =>
        e is Fido2VerificationException or JsonException or FormatException or ArgumentException or InvalidOperationException
            or System.Formats.Cbor.CborContentException or System.Security.Cryptography.CryptographicException or NotSupportedException;
}
