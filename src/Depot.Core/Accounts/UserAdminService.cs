using System.Globalization;
using Depot.Core.Access;
using Depot.Core.Events;
using Depot.Protocol;

namespace Depot.Core.Accounts;

/// <summary>
/// What administrators do to accounts: create, disable, delete, reset passwords, set quotas.
/// Admins manage accounts; they never get to read users' files through this (or any) service.
/// </summary>
public sealed class UserAdminService(IAccountStore store, AccountOptions options, TimeProvider clock, AuditLog audit)
{
    private static readonly DepotError NotAdmin = new(ErrorCodes.Forbidden, "Only administrators manage accounts.");

    public async Task<Result<IReadOnlyList<UserRecord>>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        caller.IsAdmin ? Result<IReadOnlyList<UserRecord>>.Ok(await store.ListUsersAsync(cancellationToken)) : NotAdmin;

    public async Task<Result<UserRecord>> GetAsync(Caller caller, string username, CancellationToken cancellationToken) =>
        !caller.IsAdmin ? NotAdmin : await FindAsync(username, cancellationToken);

    public async Task<Result<UserRecord>> CreateAsync(
        Caller caller, string username, string password, bool isAdmin, long? quotaBytes, CancellationToken cancellationToken)
    {
        Result<UserRecord> created = !caller.IsAdmin ? NotAdmin : await CreateUncheckedAsync(username, password, isAdmin, quotaBytes, cancellationToken);
        if (created.IsSuccess)
        {
            await RecordAsync(caller, AuditActions.UserCreate, created.Value, ("isAdmin", Flag(isAdmin)), ("quotaBytes", Bytes(quotaBytes)));
        }

        return created;
    }

    /// <summary>Creates an account without an acting admin: first-start bootstrap only.</summary>
    public async Task<Result<UserRecord>> CreateUncheckedAsync(
        string username, string password, bool isAdmin, long? quotaBytes, CancellationToken cancellationToken)
    {
        if ((UsernameRule.Check(username) ?? PasswordRule.Check(password, options) ?? QuotaRule(quotaBytes)) is { } invalid)
        {
            return invalid;
        }

        var user = new UserRecord(Ids.New(clock), username, PasswordHasher.Hash(password), isAdmin, false, quotaBytes, 0,
            Ids.New(clock), clock.GetUtcNow());
        return await store.CreateUserAsync(user, cancellationToken)
            ? user
            : new DepotError(ErrorCodes.UserExists, $"The username '{username}' is taken.");
    }

    public async Task<Result<UserRecord>> UpdateAsync(
        Caller caller, string username, bool? disabled, bool? isAdmin, CancellationToken cancellationToken)
    {
        var found = await GetAsync(caller, username, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        var user = found.Value;
        var nextDisabled = disabled ?? user.Disabled;
        var nextAdmin = isAdmin ?? user.IsAdmin;
        if (user.IsAdmin && !user.Disabled && (nextDisabled || !nextAdmin) && await store.CountActiveAdminsAsync(cancellationToken) <= 1)
        {
            return new DepotError(ErrorCodes.LastAdmin, "The last active administrator cannot be disabled or demoted.");
        }

        await store.UpdateFlagsAsync(user.Id, nextDisabled, nextAdmin, cancellationToken);
        if (nextDisabled && !user.Disabled)
        {
            await store.DeleteTokensAsync(user.Id, null, cancellationToken);
        }

        await RecordAsync(caller, AuditActions.UserUpdate, user, ("disabled", Flag(nextDisabled)), ("isAdmin", Flag(nextAdmin)));

        return user with { Disabled = nextDisabled, IsAdmin = nextAdmin };
    }

    public async Task<Result<Unit>> DeleteAsync(Caller caller, string username, CancellationToken cancellationToken)
    {
        var found = await GetAsync(caller, username, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (found.Value.IsAdmin && !found.Value.Disabled && await store.CountActiveAdminsAsync(cancellationToken) <= 1)
        {
            return new DepotError(ErrorCodes.LastAdmin, "The last active administrator cannot be deleted.");
        }

        await store.DeleteUserAsync(found.Value.Id, cancellationToken);
        await RecordAsync(caller, AuditActions.UserDelete, found.Value);
        return Unit.Value;
    }

    /// <summary>Sets a new password and ends all of the user's sessions and tokens.</summary>
    public async Task<Result<Unit>> ResetPasswordAsync(Caller caller, string username, string password, CancellationToken cancellationToken)
    {
        var found = await GetAsync(caller, username, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (PasswordRule.Check(password, options) is { } weak)
        {
            return weak;
        }

        await store.SetPasswordHashAsync(found.Value.Id, PasswordHasher.Hash(password), cancellationToken);
        await store.DeleteTokensAsync(found.Value.Id, null, cancellationToken);
        await RecordAsync(caller, AuditActions.UserPasswordReset, found.Value);
        return Unit.Value;
    }

    public async Task<Result<UserRecord>> SetQuotaAsync(Caller caller, string username, long? quotaBytes, CancellationToken cancellationToken)
    {
        if (QuotaRule(quotaBytes) is { } invalid)
        {
            return invalid;
        }

        var found = await GetAsync(caller, username, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        await store.SetQuotaAsync(found.Value.Id, quotaBytes, cancellationToken);
        await RecordAsync(caller, AuditActions.UserQuota, found.Value, ("quotaBytes", Bytes(quotaBytes)));
        return found.Value with { QuotaBytes = quotaBytes };
    }

    private async Task<Result<UserRecord>> FindAsync(string username, CancellationToken cancellationToken) =>
        await store.FindUserByNameAsync(username, cancellationToken) is { } user
            ? user
            : new DepotError(ErrorCodes.UserNotFound, $"No user '{username}'.");

    /// <summary>An admin action on an account: the account is the target, so its owner sees it too.</summary>
    private Task RecordAsync(Caller caller, string action, UserRecord user, params (string Key, string? Value)[] details) =>
        audit.RecordAsync(caller, action, AuditTarget.Account(user.Id), [("username", user.Username), .. details]);

    private static string Flag(bool value) => value ? "true" : "false";

    private static string Bytes(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "unlimited";

    private static DepotError? QuotaRule(long? quotaBytes) =>
        quotaBytes is < 0 ? new DepotError(ErrorCodes.InvalidRequest, "A quota is a number of bytes ≥ 0, or null for unlimited.") : null;
}
