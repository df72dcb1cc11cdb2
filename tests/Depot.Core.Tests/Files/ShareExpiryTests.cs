using Dapper;
using Depot.Core.Access;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>
/// A share's expiry is judged by the injected clock, not the machine's: the store's clock moves past the expiry and
/// the grant ends, with no real time passing. A contract suite: one subclass per metadata backend.
/// </summary>
public abstract class ShareExpiryTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_share_ends_when_the_clock_passes_its_expiry()
    {
        var owner = await _h.CreateUserAsync();
        var friend = await _h.CreateUserAsync();
        await _h.UploadAsync(owner, "/shared/a.txt", "a"u8.ToArray());
        var file = (await _h.Files.GetAsync(owner, P("/shared/a.txt"), default)).Value.Node;
        var folder = (await _h.Files.GetAsync(owner, P("/shared"), default)).Value.Node;
        var expiresAt = _h.Clock.GetUtcNow().AddMinutes(1).ToUnixTimeMilliseconds();
        await using (var connection = await _h.Database.OpenAsync(default))
        {
            await connection.ExecuteAsync(
                "INSERT INTO shares (id, node_id, owner_id, grantee_kind, grantee_id, role, created_by, created_at, expires_at) " +
                "VALUES ('s1', @node, @owner, 0, @friend, 2, @owner, 0, @expiresAt)",
                new { node = folder.Id, owner = owner.UserId, friend = friend.UserId, expiresAt });
        }

        Assert.Equal(Role.Editor, await RoleAsync(friend, file));
        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(Role.None, await RoleAsync(friend, file));
        Assert.Equal(Role.Owner, await RoleAsync(owner, file));
    }

    private async Task<Role> RoleAsync(Depot.Core.Access.Caller caller, Depot.Core.Files.Node node)
    {
        await using var session = await _h.Store.ReadAsync(default);
        return await AccessPolicy.RoleOnAsync(session, caller.UserId, node, default);
    }
}
