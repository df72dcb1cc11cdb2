using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresGroupCommitTests : GroupCommitTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;

    [Fact]
    public async Task A_batch_whose_pieces_all_succeed_writes_them_without_a_subtransaction_each()
    {
        // A SAVEPOINT per piece gives each piece's rows their own subtransaction id (xmin); run without, every row of the
        // batch carries the batch's one transaction id. The contract suite checks that failures still stay a piece's own.
        var alice = await Harness.CreateUserAsync();
        var (first, gate) = await HoldBatchOpenAsync(alice);
        var names = new[] { "a", "b", "c", "d", "e" };
        var works = names.Select(name => Harness.Store.WriteGroupedAsync(alice.UserId, (session, token) => AddFolderAsync(session, alice, name, token), default)).ToList();
        gate.SetResult();

        Assert.True((await first).IsSuccess);
        Assert.All(await Task.WhenAll(works), r => Assert.True(r.IsSuccess));
        Assert.Equal(1, await Harness.CountAsync("SELECT COUNT(DISTINCT xmin::text) FROM nodes WHERE name IN ('a', 'b', 'c', 'd', 'e')"));
    }
}
