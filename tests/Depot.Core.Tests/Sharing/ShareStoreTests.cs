using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Core.Groups;
using Depot.Core.Sharing;
using Depot.Core.Tests.Files;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Sharing;

/// <summary>
/// The contract of <see cref="SqlShareStore"/> (shares with users and groups), run against every metadata backend:
/// one share per item and grantee (a second grant changes the first), what "shared with me" leaves out (expired,
/// trashed, one's own), ordering, cascades, and that two nodes (two connection pools) sharing one item with one grantee
/// at once make one share and one update, as one after the other would, never a unique violation.
/// </summary>
public abstract class ShareStoreTests : IAsyncLifetime
{
    private const long Now = 1_000_000;
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    private SqlShareStore Store => new(_h.Database);

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_share_reads_back_with_the_names_a_listing_shows()
    {
        var alice = await _h.CreateUserAsync(username: "Alice");
        var bob = await _h.CreateUserAsync(username: "Bob");
        var item = await FolderAsync(alice, "/Plans");
        var id = Ids.New(_h.Clock);

        var upserted = await Store.UpsertAsync(id, item.Id, alice.UserId, false, bob.UserId, Role.Editor, alice.UserId, Now, Now + 5_000, default);

        Assert.Equal((id, true, (Role?)null), upserted);
        Assert.Equal(new ShareRecord
        {
            Id = id, NodeId = item.Id, OwnerId = alice.UserId, OwnerName = "Alice", ItemName = "Plans", ItemKind = (int)NodeKind.Folder,
            IsGroup = false, GranteeId = bob.UserId, GranteeName = "Bob", Role = Role.Editor, CreatedBy = alice.UserId, CreatedAt = Now,
            ExpiresAt = Now + 5_000,
        }, await Store.GetAsync(id, default));
        Assert.Null(await Store.GetAsync(Ids.New(_h.Clock), default));
    }

    [Fact]
    public async Task A_group_share_names_the_group()
    {
        var alice = await _h.CreateUserAsync();
        var group = await GroupAsync("Eng");
        var item = (await _h.UploadAsync(alice, "/a.txt", [1])).Value.Entry.Node;

        var (id, _, _) = await Store.UpsertAsync(Ids.New(_h.Clock), item.Id, alice.UserId, true, group, Role.Viewer, alice.UserId, Now, null, default);

        var share = (await Store.GetAsync(id, default))!;
        Assert.Equal((true, group, "Eng", (int)NodeKind.File, (long?)null), (share.IsGroup, share.GranteeId, share.GranteeName, share.ItemKind, share.ExpiresAt));
        Assert.Equal(Role.Viewer, await Store.FindRoleAsync(item.Id, true, group, default));
        Assert.Null(await Store.FindRoleAsync(item.Id, false, group, default));   // the same id as a user is another grantee
    }

    [Fact]
    public async Task Sharing_again_with_the_same_grantee_changes_the_share_it_has()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var item = await FolderAsync(alice, "/p");
        var (id, _, _) = await Store.UpsertAsync(Ids.New(_h.Clock), item.Id, alice.UserId, false, bob.UserId, Role.Editor, alice.UserId, Now, Now + 5_000, default);

        var again = await Store.UpsertAsync(Ids.New(_h.Clock), item.Id, alice.UserId, false, bob.UserId, Role.Viewer, alice.UserId, Now + 1, null, default);

        Assert.Equal((id, false, (Role?)Role.Editor), again);
        var share = (await Store.GetAsync(id, default))!;
        Assert.Equal((Role.Viewer, (long?)null, Now), (share.Role, share.ExpiresAt, share.CreatedAt));
        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM shares"));
    }

    [Fact]
    public async Task Update_sets_role_and_expiry_and_delete_happens_once()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var item = await FolderAsync(alice, "/p");
        var (id, _, _) = await Store.UpsertAsync(Ids.New(_h.Clock), item.Id, alice.UserId, false, bob.UserId, Role.Viewer, alice.UserId, Now, null, default);

        await Store.UpdateAsync(id, Role.Manager, Now + 9_000, default);
        Assert.Equal((Role.Manager, (long?)(Now + 9_000)), ((await Store.GetAsync(id, default))!.Role, (await Store.GetAsync(id, default))!.ExpiresAt));
        await Store.UpdateAsync(id, Role.Manager, null, default);
        Assert.Null((await Store.GetAsync(id, default))!.ExpiresAt);

        Assert.True(await Store.DeleteAsync(id, default));
        Assert.False(await Store.DeleteAsync(id, default));
        Assert.Null(await Store.FindRoleAsync(item.Id, false, bob.UserId, default));
    }

    [Fact]
    public async Task Outgoing_shares_are_the_owners_and_the_creators_oldest_first_optionally_of_one_item()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var carol = await _h.CreateUserAsync();
        var (p, q) = (await FolderAsync(alice, "/p"), await FolderAsync(alice, "/q"));
        var late = await ShareAsync(alice, q, carol, at: Now + 2);
        var early = await ShareAsync(alice, p, bob, at: Now);
        var byBob = await ShareAsync(alice, p, carol, at: Now + 1, createdBy: bob);   // bob manages p and re-shared it

        Assert.Equal([early, byBob, late], (await Store.ListOutgoingAsync(alice.UserId, null, default)).Select(s => s.Id));
        Assert.Equal([early, byBob], (await Store.ListOutgoingAsync(alice.UserId, p.Id, default)).Select(s => s.Id));
        Assert.Equal([byBob], (await Store.ListOutgoingAsync(bob.UserId, null, default)).Select(s => s.Id));
        Assert.Empty(await Store.ListOutgoingAsync(carol.UserId, null, default));
    }

    [Fact]
    public async Task Incoming_shares_name_the_user_or_their_groups_and_leave_out_expired_trashed_and_own_items()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var group = await GroupAsync("eng");
        await new SqlGroupStore(_h.Database).AddMemberAsync(group, bob.UserId, DateTimeOffset.UnixEpoch, default);
        await new SqlGroupStore(_h.Database).AddMemberAsync(group, alice.UserId, DateTimeOffset.UnixEpoch, default);
        var direct = await ShareAsync(alice, await FolderAsync(alice, "/direct"), bob, at: Now + 3);
        var viaGroup = await ShareAsync(alice, await FolderAsync(alice, "/team"), group, isGroup: true, at: Now + 1);
        var lasting = await ShareAsync(alice, await FolderAsync(alice, "/lasting"), bob, at: Now + 2, expiresAt: Now + 10_001);
        await ShareAsync(alice, await FolderAsync(alice, "/expired"), bob, at: Now, expiresAt: Now + 10_000);
        await ShareAsync(alice, await FolderAsync(alice, "/binned"), bob, at: Now);
        Assert.True((await _h.Files.DeleteAsync(alice, P("/binned"), WritePreconditions.None, default)).IsSuccess);

        Assert.Equal([viaGroup, lasting, direct], (await Store.ListIncomingAsync(bob.UserId, Now + 10_000, default)).Select(s => s.Id));
        Assert.Empty(await Store.ListIncomingAsync(alice.UserId, Now + 10_000, default));   // her own item, shared with her group
    }

    [Fact]
    public async Task Purging_the_item_or_deleting_its_owner_deletes_its_shares()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var purged = await FolderAsync(alice, "/gone");
        var kept = await ShareAsync(bob, await FolderAsync(bob, "/his"), alice);
        var first = await ShareAsync(alice, purged, bob);
        var second = await ShareAsync(alice, await FolderAsync(alice, "/other"), bob);
        Assert.True((await _h.Files.DeleteAsync(alice, P("/gone"), WritePreconditions.None, default)).IsSuccess);
        Assert.True((await _h.TrashBin.PurgeAsync(alice, purged.Id, default)).IsSuccess);

        Assert.Null(await Store.GetAsync(first, default));
        Assert.NotNull(await Store.GetAsync(second, default));
        await _h.Accounts.DeleteUserAsync(alice.UserId, default);
        Assert.Null(await Store.GetAsync(second, default));
        Assert.NotNull(await Store.GetAsync(kept, default));
    }

    [Fact]
    public async Task Two_nodes_sharing_one_item_with_one_grantee_at_once_make_one_share_and_one_update()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var nodes = (First: new SqlShareStore(_h.Database), Second: new SqlShareStore(_h.SecondDatabase));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var item = await FolderAsync(alice, $"/round-{round}");
            var (a, b) = (Ids.New(_h.Clock), Ids.New(_h.Clock));
            var (first, second) = await Race.TwoAsync(
                () => nodes.First.UpsertAsync(a, item.Id, alice.UserId, false, bob.UserId, Role.Viewer, alice.UserId, Now, null, default),
                () => nodes.Second.UpsertAsync(b, item.Id, alice.UserId, false, bob.UserId, Role.Editor, alice.UserId, Now, null, default));

            Assert.True(first.Created ^ second.Created, $"round {round}: {first.Created} / {second.Created}");
            var (made, updated) = first.Created ? (first, second) : (second, first);
            Assert.Equal((made.Id, made.Id == a ? Role.Viewer : Role.Editor), (updated.Id, updated.Previous!.Value));
            var share = Assert.Single(await Store.ListOutgoingAsync(alice.UserId, item.Id, default));
            Assert.Equal(made.Id == a ? Role.Editor : Role.Viewer, share.Role);   // the later write is the one kept
        }
    }

    private async Task<Node> FolderAsync(Caller owner, string path)
    {
        var created = await _h.Folders.CreateAsync(owner, P(path), true, default);
        Assert.True(created.IsSuccess, created.Error?.Detail);
        return created.Value.Entry.Node;
    }

    private async Task<string> GroupAsync(string name)
    {
        var id = Ids.New(_h.Clock);
        Assert.True(await new SqlGroupStore(_h.Database).CreateAsync(id, name, DateTimeOffset.UnixEpoch, default));
        return id;
    }

    private Task<string> ShareAsync(Caller owner, Node item, Caller grantee, long at = Now, long? expiresAt = null, Caller? createdBy = null) =>
        ShareAsync(owner, item, grantee.UserId, false, at, expiresAt, createdBy);

    private Task<string> ShareAsync(Caller owner, Node item, string group, bool isGroup, long at = Now) =>
        ShareAsync(owner, item, group, isGroup, at, null, null);

    private async Task<string> ShareAsync(Caller owner, Node item, string grantee, bool isGroup, long at, long? expiresAt, Caller? createdBy)
    {
        var (id, created, _) = await Store.UpsertAsync(Ids.New(_h.Clock), item.Id, owner.UserId, isGroup, grantee, Role.Viewer,
            (createdBy ?? owner).UserId, at, expiresAt, default);
        Assert.True(created);
        return id;
    }
}
