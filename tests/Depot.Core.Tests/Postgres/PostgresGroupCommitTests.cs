using Dapper;
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

    [Fact]
    public async Task A_batch_of_uploads_inserts_the_rows_of_each_table_with_one_statement()
    {
        // Counted by the database itself: a statement trigger notes every INSERT statement on the upload's tables.
        var alice = await Harness.CreateUserAsync();
        Assert.True((await Harness.UploadAsync(alice, "/docs/seed.txt", [0])).IsSuccess);
        await using (var connection = await Harness.Database.OpenAsync(default))
        {
            await connection.ExecuteAsync("""
                CREATE TABLE insert_statements (table_name TEXT NOT NULL);
                CREATE FUNCTION note_insert_statement() RETURNS trigger LANGUAGE plpgsql AS
                    $$ BEGIN INSERT INTO insert_statements VALUES (TG_TABLE_NAME); RETURN NULL; END $$;
                CREATE TRIGGER noted AFTER INSERT ON blobs FOR EACH STATEMENT EXECUTE FUNCTION note_insert_statement();
                CREATE TRIGGER noted AFTER INSERT ON blob_contents FOR EACH STATEMENT EXECUTE FUNCTION note_insert_statement();
                CREATE TRIGGER noted AFTER INSERT ON nodes FOR EACH STATEMENT EXECUTE FUNCTION note_insert_statement();
                CREATE TRIGGER noted AFTER INSERT ON versions FOR EACH STATEMENT EXECUTE FUNCTION note_insert_statement();
                CREATE TRIGGER noted AFTER INSERT ON changes FOR EACH STATEMENT EXECUTE FUNCTION note_insert_statement();
                """);
        }

        var (first, gate) = await HoldBatchOpenAsync(alice);
        var uploads = Enumerable.Range(0, 6).Select(i => Task.Run(() => Harness.UploadAsync(alice, $"/docs/f{i}.txt", [(byte)i]))).ToList();
        await Task.Delay(300);   // all six queue behind the held batch, and so share the next one
        gate.SetResult();

        Assert.True((await first).IsSuccess);
        Assert.All(await Task.WhenAll(uploads), r => Assert.True(r.IsSuccess, r.Error?.Detail));
        Assert.Equal(6, await Harness.CountAsync("SELECT COUNT(*) FROM versions v JOIN nodes n ON n.id = v.node_id WHERE n.name LIKE 'f_.txt'"));
        // One statement a table for each batch the uploads went in (a batch's rows share its transaction id): one batch
        // when all six queued in time, a few on a loaded machine; fewer than six, so some statement carried several rows.
        var batches = await Harness.CountAsync("SELECT COUNT(DISTINCT v.xmin::text) FROM versions v JOIN nodes n ON n.id = v.node_id WHERE n.name LIKE 'f_.txt'");
        Assert.InRange(batches, 1, 5);
        // The held batch inserted its folder and its change row besides.
        foreach (var (table, statements) in new[] { ("blobs", batches), ("blob_contents", batches), ("nodes", batches + 1), ("versions", batches), ("changes", batches + 1) })
        {
            Assert.Equal(statements, await Harness.CountAsync($"SELECT COUNT(*) FROM insert_statements WHERE table_name = '{table}'"));
        }
    }
}
