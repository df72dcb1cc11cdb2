using Depot.Core.Data;

namespace Depot.Core.Tests.Data;

/// <summary>
/// How held-back writes are merged before they are sent (<see cref="DeferredWrites.Plan"/>): row inserts of one kind become
/// one statement where nothing they would pass forbids it, so the database ends as the statements one by one would leave it.
/// </summary>
public sealed class DeferredWritesPlanTests
{
    private static readonly RowInsert Blob = new("blobs", [], new RowColumn("id", "Id", typeof(string)), new RowColumn("size", "Size", typeof(long?)));
    private static readonly RowInsert Node = new("nodes", ["nodes"], new RowColumn("id", "Id", typeof(string)), new RowColumn("parent_id", "ParentId", typeof(string)));
    private static readonly RowInsert Version = new("versions", ["nodes", "blobs"], new RowColumn("id", "Id", typeof(string)), new RowColumn("node_id", "NodeId", typeof(string)));

    [Fact]
    public void An_upload_batch_s_rows_go_as_one_statement_a_table_in_the_order_their_references_need()
    {
        var planned = DeferredWrites.Plan(
        [
            Row(Blob, new { Id = "b1", Size = 1 }), Row(Node, new { Id = "n1", ParentId = "root" }), Row(Version, new { Id = "v1", NodeId = "n1" }),
            Row(Blob, new { Id = "b2", Size = 2L }), Row(Node, new { Id = "n2", ParentId = "n1" }), Row(Version, new { Id = "v2", NodeId = "n2" }),
        ]);

        Assert.Equal([Blob.ManySql, Node.ManySql, Version.ManySql], planned.Select(p => p.Sql));
        var blobs = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(planned[0].Parameters);
        Assert.Equal(new[] { "b1", "b2" }, blobs["Id"]);
        Assert.Equal(new long?[] { 1, 2 }, blobs["Size"]);   // an int and a long, both as the column's type
        var nodes = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(planned[1].Parameters);
        Assert.Equal(new[] { "root", "n1" }, nodes["ParentId"]);
    }

    [Fact]
    public void A_row_does_not_move_before_a_row_of_a_table_it_references()
    {
        // The second version names the node inserted just before it: merged with the first version it would come first.
        var planned = DeferredWrites.Plan(
        [
            Row(Version, new { Id = "v1", NodeId = "old" }), Row(Node, new { Id = "n2", ParentId = "root" }), Row(Version, new { Id = "v2", NodeId = "n2" }),
        ]);

        Assert.Equal([Version.Sql, Node.Sql, Version.Sql], planned.Select(p => p.Sql));
    }

    [Fact]
    public void Nothing_moves_past_a_statement_that_is_not_a_row_insert_and_a_lone_row_keeps_its_own_statement()
    {
        var update = new DeferredWrites.Held("UPDATE nodes SET size = 1 WHERE id = @Id", new { Id = "n1" }, null);
        var planned = DeferredWrites.Plan(
        [
            Row(Blob, new { Id = "b1", Size = 1L }), update, Row(Blob, new { Id = "b2", Size = 2L }), Row(Blob, new { Id = "b3", Size = 3L }),
        ]);

        Assert.Equal([Blob.Sql, update.Sql, Blob.ManySql], planned.Select(p => p.Sql));
        Assert.Equal(new[] { "b2", "b3" }, Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(planned[2].Parameters)["Id"]);
    }

    [Fact]
    public void Null_values_stay_null_in_their_column()
    {
        var planned = DeferredWrites.Plan([Row(Node, new { Id = "r", ParentId = (string?)null }), Row(Node, new { Id = "n", ParentId = "r" })]);

        Assert.Equal(new[] { null, "r" }, Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(planned.Single().Parameters)["ParentId"]);
    }

    private static DeferredWrites.Held Row(RowInsert insert, object parameters) => new(insert.Sql, parameters, insert);
}
