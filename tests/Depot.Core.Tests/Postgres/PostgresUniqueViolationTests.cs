using Depot.Core.Access;
using Depot.Core.Groups;
using Depot.Core.Sharing;
using Depot.Core.Tests.Files;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Postgres;

/// <summary>
/// The stores that check a unique name or grantee and then insert, raced on two connection pools whose write
/// transactions do not serialise (<see cref="ReadCommittedWrites"/>): the loser still gets the answer it would get
/// coming second (taken, or an update of the winner's share), never a unique violation. SQLite cannot race like this:
/// its writers are serialised by <c>BEGIN IMMEDIATE</c> whatever the contract, so this suite is PostgreSQL's alone; the
/// same races under the real contract are in the store suites of both backends.
/// </summary>
public sealed class PostgresUniqueViolationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private FilesHarness _h = null!;

    private (ReadCommittedWrites First, ReadCommittedWrites Second) Pools => (new(_h.Database), new(_h.SecondDatabase));

    public async Task InitializeAsync() => _h = await CreateAsync(MetadataBackend.Postgres);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Two_creates_of_one_group_name_give_one_group_and_one_taken()
    {
        var (first, second) = (new SqlGroupStore(Pools.First), new SqlGroupStore(Pools.Second));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var (a, b) = await Race.TwoAsync(
                () => first.CreateAsync(Ids.New(_h.Clock), $"team-{round}", At, default),
                () => second.CreateAsync(Ids.New(_h.Clock), $"Team-{round}", At, default));

            Assert.True(a ^ b, $"round {round}: {a} / {b}");
        }

        Assert.Equal(Race.Rounds, (await new SqlGroupStore(_h.Database).ListAsync(default)).Count);
    }

    [Fact]
    public async Task Two_renames_to_one_group_name_give_one_rename_and_one_taken()
    {
        var (first, second) = (new SqlGroupStore(Pools.First), new SqlGroupStore(Pools.Second));
        var store = new SqlGroupStore(_h.Database);
        for (var round = 0; round < Race.Rounds; round++)
        {
            var (x, y) = (Ids.New(_h.Clock), Ids.New(_h.Clock));
            await store.CreateAsync(x, $"x-{round}", At, default);
            await store.CreateAsync(y, $"y-{round}", At, default);
            var (a, b) = await Race.TwoAsync(
                () => first.RenameAsync(x, $"merged-{round}", default),
                () => second.RenameAsync(y, $"MERGED-{round}", default));

            Assert.True(a ^ b, $"round {round}: {a} / {b}");
        }
    }

    [Fact]
    public async Task Two_shares_of_one_item_with_one_grantee_give_one_share_and_one_update()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var (first, second) = (new SqlShareStore(Pools.First), new SqlShareStore(Pools.Second));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var item = (await _h.Folders.CreateAsync(alice, P($"/round-{round}"), false, default)).Value.Entry.Node;
            var (a, b) = await Race.TwoAsync(
                () => first.UpsertAsync(Ids.New(_h.Clock), item.Id, alice.UserId, false, bob.UserId, Role.Viewer, alice.UserId, 1, null, default),
                () => second.UpsertAsync(Ids.New(_h.Clock), item.Id, alice.UserId, false, bob.UserId, Role.Editor, alice.UserId, 1, null, default));

            Assert.True(a.Created ^ b.Created, $"round {round}: {a.Created} / {b.Created}");
            Assert.Equal(a.Id, b.Id);
            Assert.Single(await new SqlShareStore(_h.Database).ListOutgoingAsync(alice.UserId, item.Id, default));
        }
    }
}
