namespace Depot.Core.Accounts;

/// <summary>The metadata store's view of users and tokens. Implemented once in portable SQL.</summary>
public interface IAccountStore
{
    Task<int> CountUsersAsync(CancellationToken cancellationToken);

    /// <summary>Creates the user and their empty root folder in one transaction; false when the name is taken.</summary>
    Task<bool> CreateUserAsync(UserRecord user, CancellationToken cancellationToken);

    Task<UserRecord?> FindUserByNameAsync(string username, CancellationToken cancellationToken);

    Task<UserRecord?> FindUserByIdAsync(string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken);

    Task<int> CountActiveAdminsAsync(CancellationToken cancellationToken);

    Task UpdateFlagsAsync(string userId, bool disabled, bool isAdmin, CancellationToken cancellationToken);

    Task SetPasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken);

    Task SetQuotaAsync(string userId, long? quotaBytes, CancellationToken cancellationToken);

    /// <summary>Deletes the user with their tokens, nodes and versions; garbage collection then frees their blobs.</summary>
    Task DeleteUserAsync(string userId, CancellationToken cancellationToken);

    Task CreateTokenAsync(TokenRecord token, string hash, CancellationToken cancellationToken);

    /// <summary>
    /// The live token with this hash and its enabled owner, or null. May be answered from a cache of at most 30 s,
    /// which every change through this store that affects the token or its owner clears at once.
    /// </summary>
    Task<(TokenRecord Token, UserRecord User)?> FindTokenAsync(string hash, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> DeleteTokenAsync(string userId, string tokenId, CancellationToken cancellationToken);

    Task DeleteTokensAsync(string userId, string? exceptTokenId, CancellationToken cancellationToken);

    /// <summary>Forgets cached copies of the user's row (after a change to what it reads, such as two-factor enrolment).</summary>
    Task ForgetUserAsync(string userId, CancellationToken cancellationToken);

    Task TouchTokenAsync(string tokenId, DateTimeOffset now, CancellationToken cancellationToken);
}
