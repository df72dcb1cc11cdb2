using Depot.Core.Groups;
using Depot.Core.Tests.Files;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Groups;

/// <summary>
/// The contract of <see cref="IGroupStore"/> (groups and memberships), run against every metadata backend: names are
/// unique regardless of case, listings are ordered by name, memberships go with their group or user, and two nodes
/// (two connection pools) creating or renaming to one name at once get one success and one "taken", as one after the
/// other would, never an exception.
/// </summary>
public abstract class GroupStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    private SqlGroupStore Store => new(_h.Database);

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_created_group_is_found_by_id_and_by_name_in_any_case()
    {
        var id = Ids.New(_h.Clock);

        Assert.True(await Store.CreateAsync(id, "Eng", At, default));

        var expected = new GroupRecord(id, "Eng", At, 0);
        Assert.Equal(expected, await Store.FindByIdAsync(id, default));
        Assert.Equal(expected, await Store.FindByNameAsync("eNG", default));
        Assert.Null(await Store.FindByNameAsync("Ops", default));
        Assert.Null(await Store.FindByIdAsync(Ids.New(_h.Clock), default));
    }

    [Fact]
    public async Task A_name_taken_in_another_case_is_refused_and_nothing_is_written()
    {
        var first = Ids.New(_h.Clock);
        Assert.True(await Store.CreateAsync(first, "Eng", At, default));

        Assert.False(await Store.CreateAsync(Ids.New(_h.Clock), "ENG", At, default));

        Assert.Equal([first], (await Store.ListAsync(default)).Select(g => g.Id));
    }

    [Fact]
    public async Task Groups_are_listed_by_name_ignoring_case_and_a_users_own_are_the_ones_they_belong_to()
    {
        var alice = await _h.CreateUserAsync();
        var ids = new Dictionary<string, string>();
        foreach (var name in new[] { "ops", "Beta", "alpha", "Zed" })
        {
            ids[name] = Ids.New(_h.Clock);
            Assert.True(await Store.CreateAsync(ids[name], name, At, default));
        }

        await Store.AddMemberAsync(ids["Zed"], alice.UserId, At, default);
        await Store.AddMemberAsync(ids["alpha"], alice.UserId, At, default);

        Assert.Equal(["alpha", "Beta", "ops", "Zed"], (await Store.ListAsync(default)).Select(g => g.Name));
        Assert.Equal(["alpha", "Zed"], (await Store.ListForUserAsync(alice.UserId, default)).Select(g => g.Name));
        Assert.Equal(new[] { ids["alpha"], ids["Zed"] }.Order(StringComparer.Ordinal),
            (await Store.GroupIdsOfAsync(alice.UserId, default)).Order(StringComparer.Ordinal));
        Assert.Equal([1, 1], (await Store.ListForUserAsync(alice.UserId, default)).Select(g => g.MemberCount));
    }

    [Fact]
    public async Task Rename_refuses_a_name_another_group_has_and_allows_a_change_of_case()
    {
        var eng = Ids.New(_h.Clock);
        var ops = Ids.New(_h.Clock);
        await Store.CreateAsync(eng, "eng", At, default);
        await Store.CreateAsync(ops, "ops", At, default);

        Assert.False(await Store.RenameAsync(eng, "OPS", default));
        Assert.True(await Store.RenameAsync(eng, "ENG", default));
        Assert.True(await Store.RenameAsync(ops, "Operations", default));

        Assert.Equal("ENG", (await Store.FindByNameAsync("eng", default))?.Name);
        Assert.Equal(ops, (await Store.FindByNameAsync("operations", default))?.Id);
        Assert.Null(await Store.FindByNameAsync("ops", default));
        Assert.True(await Store.CreateAsync(Ids.New(_h.Clock), "ops", At, default));   // the old name is free again
    }

    [Fact]
    public async Task Members_are_added_once_listed_by_username_and_removed_once()
    {
        var group = Ids.New(_h.Clock);
        await Store.CreateAsync(group, "eng", At, default);
        var zoe = await _h.CreateUserAsync(username: "zoe");
        var bob = await _h.CreateUserAsync(username: "Bob");

        Assert.True(await Store.AddMemberAsync(group, zoe.UserId, At, default));
        Assert.True(await Store.AddMemberAsync(group, bob.UserId, At.AddMinutes(1), default));
        Assert.False(await Store.AddMemberAsync(group, zoe.UserId, At.AddMinutes(2), default));

        Assert.Equal([new GroupMember(bob.UserId, "Bob", At.AddMinutes(1)), new GroupMember(zoe.UserId, "zoe", At)],
            await Store.ListMembersAsync(group, default));
        Assert.Equal(2, (await Store.FindByIdAsync(group, default))?.MemberCount);
        Assert.True(await Store.RemoveMemberAsync(group, zoe.UserId, default));
        Assert.False(await Store.RemoveMemberAsync(group, zoe.UserId, default));
        Assert.Equal([bob.UserId], (await Store.ListMembersAsync(group, default)).Select(m => m.UserId));
    }

    [Fact]
    public async Task Deleting_a_group_happens_once_and_takes_its_memberships()
    {
        var alice = await _h.CreateUserAsync();
        var group = Ids.New(_h.Clock);
        await Store.CreateAsync(group, "eng", At, default);
        await Store.AddMemberAsync(group, alice.UserId, At, default);

        Assert.True(await Store.DeleteAsync(group, default));
        Assert.False(await Store.DeleteAsync(group, default));

        Assert.Empty(await Store.GroupIdsOfAsync(alice.UserId, default));
        Assert.Empty(await Store.ListMembersAsync(group, default));
        Assert.Equal(0, await _h.CountAsync("SELECT COUNT(*) FROM group_members"));
    }

    [Fact]
    public async Task Deleting_an_account_takes_its_memberships()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var group = Ids.New(_h.Clock);
        await Store.CreateAsync(group, "eng", At, default);
        await Store.AddMemberAsync(group, alice.UserId, At, default);
        await Store.AddMemberAsync(group, bob.UserId, At, default);

        await _h.Accounts.DeleteUserAsync(alice.UserId, default);

        Assert.Equal([bob.UserId], (await Store.ListMembersAsync(group, default)).Select(m => m.UserId));
        Assert.Equal(1, (await Store.FindByIdAsync(group, default))?.MemberCount);
    }

    [Fact]
    public async Task Two_nodes_creating_one_group_name_at_once_create_it_once()
    {
        var nodes = (First: new SqlGroupStore(_h.Database), Second: new SqlGroupStore(_h.SecondDatabase));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var (a, b) = (Ids.New(_h.Clock), Ids.New(_h.Clock));
            var (first, second) = await Race.TwoAsync(
                () => nodes.First.CreateAsync(a, $"team-{round}", At, default),
                () => nodes.Second.CreateAsync(b, $"TEAM-{round}", At, default));

            Assert.True(first ^ second, $"round {round}: {first} / {second}");
            Assert.Equal(first ? a : b, (await Store.FindByNameAsync($"team-{round}", default))?.Id);
        }

        Assert.Equal(Race.Rounds, (await Store.ListAsync(default)).Count);
    }

    [Fact]
    public async Task Two_nodes_renaming_two_groups_to_one_name_at_once_rename_one()
    {
        var nodes = (First: new SqlGroupStore(_h.Database), Second: new SqlGroupStore(_h.SecondDatabase));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var (a, b) = (Ids.New(_h.Clock), Ids.New(_h.Clock));
            await Store.CreateAsync(a, $"a-{round}", At, default);
            await Store.CreateAsync(b, $"b-{round}", At, default);
            var (first, second) = await Race.TwoAsync(
                () => nodes.First.RenameAsync(a, $"merged-{round}", default),
                () => nodes.Second.RenameAsync(b, $"Merged-{round}", default));

            Assert.True(first ^ second, $"round {round}: {first} / {second}");
            Assert.Equal(first ? a : b, (await Store.FindByNameAsync($"merged-{round}", default))?.Id);
            Assert.NotNull(await Store.FindByNameAsync(first ? $"b-{round}" : $"a-{round}", default));
        }
    }

    [Fact]
    public async Task Two_nodes_adding_one_member_at_once_add_it_once()
    {
        var nodes = (First: new SqlGroupStore(_h.Database), Second: new SqlGroupStore(_h.SecondDatabase));
        var group = Ids.New(_h.Clock);
        await Store.CreateAsync(group, "eng", At, default);
        for (var round = 0; round < Race.Rounds; round++)
        {
            var user = await _h.CreateUserAsync();
            var (first, second) = await Race.TwoAsync(
                () => nodes.First.AddMemberAsync(group, user.UserId, At, default),
                () => nodes.Second.AddMemberAsync(group, user.UserId, At, default));

            Assert.True(first ^ second, $"round {round}: {first} / {second}");
        }

        Assert.Equal(Race.Rounds, (await Store.FindByIdAsync(group, default))?.MemberCount);
    }
}
