using System.Security.Cryptography;
using Depot.Core.Access;
using Depot.Core.Events;
using Depot.Protocol;
using Depot.Protocol.Auth;

namespace Depot.Core.Accounts;

/// <summary>
/// App passwords: named, revocable secrets a user creates for one device's WebDAV client, which sends them with
/// HTTP Basic on every request. Stored like tokens (only a SHA-256 hash, kind <c>app-password</c>), shown once.
/// </summary>
public sealed class AppPasswordService(IAccountStore store, TimeProvider clock, AuditLog audit)
{
    /// <summary>App passwords per user: one per device, with room to spare.</summary>
    public const int MaxPerUser = 100;

    // Lower-case letters and digits without the look-alikes (0 o 1 l): 32 symbols, 5 bits each, so the 25 symbols of
    // a secret carry 125 bits. Grouped in fives because people type these into phones.
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    // App passwords do not expire on their own; revoking them is the user's decision. (tokens.expires_at is required.)
    private static readonly DateTimeOffset NoExpiry = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public async Task<IReadOnlyList<TokenRecord>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        [.. (await store.ListTokensAsync(caller.UserId, clock.GetUtcNow(), cancellationToken)).Where(t => t.Kind == TokenKinds.AppPassword)];

    public async Task<Result<IssuedToken>> CreateAsync(Caller caller, string name, string? address, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(char.IsControl))
        {
            return new DepotError(ErrorCodes.InvalidRequest, "An app password needs a name of 1–100 printable characters.");
        }

        if ((await ListAsync(caller, cancellationToken)).Count >= MaxPerUser)
        {
            return new DepotError(ErrorCodes.InvalidRequest, $"You have {MaxPerUser} app passwords; revoke one first.");
        }

        var secret = NewSecret();
        var record = new TokenRecord(Ids.New(clock), caller.UserId, TokenKinds.AppPassword, name.Trim(), clock.GetUtcNow(), NoExpiry, null, address);
        await store.CreateTokenAsync(record, Secrets.HashOf(secret), cancellationToken);
        await audit.RecordAsync(caller, AuditActions.TokenCreate, AuditTarget.Account(caller.UserId),
            ("tokenId", record.Id), ("tokenName", record.Name), ("tokenKind", record.Kind));
        return new IssuedToken(secret, record);
    }

    public async Task<Result<Unit>> RevokeAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var mine = (await ListAsync(caller, cancellationToken)).Any(t => t.Id == id);
        if (!mine || !await store.DeleteTokenAsync(caller.UserId, id, cancellationToken))
        {
            return new DepotError(ErrorCodes.TokenNotFound, "No such app password.");
        }

        await audit.RecordAsync(caller, AuditActions.TokenRevoke, AuditTarget.Account(caller.UserId), ("tokenId", id), ("tokenKind", TokenKinds.AppPassword));
        return Unit.Value;
    }

    /// <summary>Whether <paramref name="secret"/> has the shape of an app password (any case); the normalised form or null.</summary>
    public static string? Normalize(string secret)
    {
        if (secret.Length != 29)
        {
            return null;
        }

        var lower = secret.ToLowerInvariant();
        for (var i = 0; i < lower.Length; i++)
        {
            if (i % 6 == 5 ? lower[i] != '-' : !Alphabet.Contains(lower[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return lower;
    }

    private static string NewSecret()
    {
        var chars = new char[29];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = i % 6 == 5 ? '-' : Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }
}
