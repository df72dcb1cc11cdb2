using Depot.Core.Accounts;
using Depot.Core.Accounts.Passkeys;
using Depot.Core.Data;

namespace Depot.Core.Tests.Accounts;

/// <summary>The passkey store's contract (single-use ceremonies, a counter that only moves forward), on every metadata backend.</summary>
public abstract class PasskeyStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-passkeys-");
    private readonly ManualClock _clock = new(Now, tick: false);
    private IDatabase _database = null!;
    private SqlAccountStore _accounts = null!;
    private SqlPasskeyStore _store = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync()
    {
        _database = Backend.Create(_folder);
        await new Migrator(_database, _clock).MigrateAsync(CancellationToken.None);
        _accounts = new SqlAccountStore(_database);
        _store = new SqlPasskeyStore(_database);
    }

    public Task DisposeAsync()
    {
        (_database as IDisposable)?.Dispose();
        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_credential_id_is_registered_once_and_counts_as_the_users_second_factor()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        Assert.False((await _accounts.FindUserByIdAsync(alice.Id, default))!.HasSecondFactor);

        Assert.True(await _store.AddAsync(Passkey(alice, "cred-1"), default));
        Assert.False(await _store.AddAsync(Passkey(bob, "cred-1"), default));

        var found = await _store.FindByCredentialIdAsync("cred-1", default);
        Assert.Equal(alice.Id, found!.UserId);
        Assert.Equal(1, (await _accounts.FindUserByIdAsync(alice.Id, default))!.Passkeys);
        Assert.True((await _accounts.FindUserByIdAsync(alice.Id, default))!.HasSecondFactor);
    }

    [Fact]
    public async Task Only_the_owner_renames_or_removes_a_passkey()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var key = Passkey(alice, "cred-2");
        await _store.AddAsync(key, default);

        Assert.False(await _store.RenameAsync(bob.Id, key.Id, "mine now", default));
        Assert.False(await _store.DeleteAsync(bob.Id, key.Id, default));
        Assert.True(await _store.RenameAsync(alice.Id, key.Id, "Laptop", default));
        Assert.Equal("Laptop", (await _store.ListAsync(alice.Id, default)).Single().Name);
        Assert.True(await _store.DeleteAsync(alice.Id, key.Id, default));
        Assert.Empty(await _store.ListAsync(alice.Id, default));
    }

    [Fact]
    public async Task The_counter_only_moves_forward_unless_the_authenticator_keeps_none()
    {
        var alice = await NewUserAsync("alice");
        var counting = Passkey(alice, "cred-3") with { SignCount = 5 };
        var zero = Passkey(alice, "cred-4");
        await _store.AddAsync(counting, default);
        await _store.AddAsync(zero, default);

        Assert.False(await _store.TryRecordUseAsync(counting.Id, 5, Now, default));
        Assert.False(await _store.TryRecordUseAsync(counting.Id, 4, Now, default));
        Assert.False(await _store.TryRecordUseAsync(counting.Id, 0, Now, default));
        Assert.True(await _store.TryRecordUseAsync(counting.Id, 6, Now.AddMinutes(1), default));
        Assert.False(await _store.TryRecordUseAsync(counting.Id, 6, Now, default));

        Assert.True(await _store.TryRecordUseAsync(zero.Id, 0, Now, default));
        Assert.True(await _store.TryRecordUseAsync(zero.Id, 0, Now, default));

        var used = await _store.FindByCredentialIdAsync("cred-3", default);
        Assert.Equal(6, used!.SignCount);
        Assert.Equal(Now.AddMinutes(1), used.LastUsedAt);
    }

    [Fact]
    public async Task A_challenge_is_taken_once_even_by_two_nodes_at_the_same_moment()
    {
        var alice = await NewUserAsync("alice");
        using var other = Backend.OpenAgain(_database) as IDisposable;
        var second = new SqlPasskeyStore((IDatabase)other!);
        for (var i = 0; i < 10; i++)
        {
            var challenge = new PasskeyChallenge($"c-{i}", PasskeyPurposes.Register, alice.Id, "{}", Now.AddMinutes(5));
            await _store.SaveChallengeAsync(challenge, Now, default);
            var taken = await Task.WhenAll(_store.TakeChallengeAsync(challenge.Id, default), second.TakeChallengeAsync(challenge.Id, default));
            Assert.Single(taken, t => t is not null);
            Assert.Equal(challenge, taken.Single(t => t is not null));
        }

        Assert.Null(await _store.TakeChallengeAsync("never-issued", default));
    }

    [Fact]
    public async Task Saving_a_challenge_drops_the_expired_ones()
    {
        await _store.SaveChallengeAsync(new PasskeyChallenge("old", PasskeyPurposes.SignIn, null, "{}", Now.AddMinutes(5)), Now, default);
        await _store.SaveChallengeAsync(new PasskeyChallenge("new", PasskeyPurposes.SignIn, null, "{}", Now.AddMinutes(15)), Now.AddMinutes(10), default);

        Assert.Null(await _store.TakeChallengeAsync("old", default));
        Assert.NotNull(await _store.TakeChallengeAsync("new", default));
    }

    private async Task<UserRecord> NewUserAsync(string name)
    {
        var user = new UserRecord(Ids.New(_clock), name, "pbkdf2-sha512$v1$1$AAAA$AAAA", false, false, null, 0, Ids.New(_clock), Now);
        Assert.True(await _accounts.CreateUserAsync(user, default));
        return user;
    }

    private PasskeyRecord Passkey(UserRecord user, string credentialId) =>
        new(Ids.New(_clock), user.Id, credentialId, "cHVibGlj", 0, "aGFuZGxl", "Key", Now, null);
}
