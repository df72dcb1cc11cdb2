using Dapper;
using Depot.Core.Accounts;
using Depot.Core.Data;
using Depot.Protocol.Auth;

namespace Depot.Core.Tests.Accounts;

/// <summary>The account store's contract, run against every metadata backend through one subclass each.</summary>
public abstract class AccountStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-accounts-");
    private readonly ManualClock _clock = new(Now, tick: false);
    private IDatabase _database = null!;
    private SqlAccountStore _store = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync()
    {
        _database = Backend.Create(_folder);
        await new Migrator(_database, _clock).MigrateAsync(CancellationToken.None);
        _store = new SqlAccountStore(_database);
    }

    public Task DisposeAsync()
    {
        (_database as IDisposable)?.Dispose();
        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Creating_a_user_creates_their_root_and_names_are_unique_ignoring_case()
    {
        var alice = NewUser("Alice");
        Assert.True(await _store.CreateUserAsync(alice, default));
        Assert.False(await _store.CreateUserAsync(NewUser("alice"), default));

        Assert.Equal(alice.Id, (await _store.FindUserByNameAsync("ALICE", default))!.Id);
        await using var db = await _database.OpenAsync(default);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM nodes WHERE id = @RootId AND owner_id = @Id", alice));
    }

    [Fact]
    public async Task A_token_is_found_by_its_hash_only_while_live_and_its_owner_is_enabled()
    {
        var bob = NewUser("bob");
        await _store.CreateUserAsync(bob, default);
        var token = new TokenRecord(Ids.New(_clock), bob.Id, TokenKinds.Session, null, Now, Now.AddHours(1), null, "192.0.2.1");
        await _store.CreateTokenAsync(token, "hash-1", default);

        Assert.Equal(token.Id, (await _store.FindTokenAsync("hash-1", Now, default))!.Value.Token.Id);
        Assert.Null(await _store.FindTokenAsync("hash-2", Now, default));
        Assert.Null(await _store.FindTokenAsync("hash-1", Now.AddHours(2), default));

        await _store.UpdateFlagsAsync(bob.Id, disabled: true, isAdmin: false, default);
        Assert.Null(await _store.FindTokenAsync("hash-1", Now, default));
    }

    [Fact]
    public async Task Tokens_are_revoked_one_by_one_only_by_their_owner_or_all_but_one()
    {
        var carol = NewUser("carol");
        var dave = NewUser("dave");
        await _store.CreateUserAsync(carol, default);
        await _store.CreateUserAsync(dave, default);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var token = new TokenRecord(Ids.New(_clock), carol.Id, TokenKinds.Personal, $"t{i}", Now, Now.AddDays(1), null, null);
            await _store.CreateTokenAsync(token, $"carol-{i}", default);
            ids.Add(token.Id);
        }

        Assert.False(await _store.DeleteTokenAsync(dave.Id, ids[0], default));
        Assert.True(await _store.DeleteTokenAsync(carol.Id, ids[0], default));
        await _store.DeleteTokensAsync(carol.Id, exceptTokenId: ids[2], default);

        Assert.Equal([ids[2]], (await _store.ListTokensAsync(carol.Id, Now, default)).Select(t => t.Id));
    }

    [Fact]
    public async Task Deleting_a_user_takes_their_tokens_and_files_and_keeps_other_accounts()
    {
        var erin = NewUser("erin", admin: true);
        var frank = NewUser("frank", admin: true);
        await _store.CreateUserAsync(erin, default);
        await _store.CreateUserAsync(frank, default);
        await _store.CreateTokenAsync(new TokenRecord(Ids.New(_clock), erin.Id, TokenKinds.Session, null, Now, Now.AddDays(1), null, null),
            "erin-1", default);
        Assert.Equal(2, await _store.CountActiveAdminsAsync(default));

        await _store.DeleteUserAsync(erin.Id, default);

        Assert.Null(await _store.FindUserByIdAsync(erin.Id, default));
        Assert.Null(await _store.FindTokenAsync("erin-1", Now, default));
        Assert.Equal(1, await _store.CountActiveAdminsAsync(default));
        await using var db = await _database.OpenAsync(default);
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM nodes WHERE owner_id = @Id", erin));
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM nodes WHERE owner_id = @Id", frank));
    }

    private UserRecord NewUser(string name, bool admin = false) =>
        new(Ids.New(_clock), name, "pbkdf2-sha512$v1$1$AAAA$AAAA", admin, false, null, 0, Ids.New(_clock), Now);
}
