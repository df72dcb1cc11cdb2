using Depot.Core.Files;

namespace Depot.Core.Tests.Files;

/// <summary>
/// A group commit batch's walks, read when it began (<see cref="BatchWalks"/>): a piece gets its walk only while the new
/// nodes written since do not lie along it.
/// </summary>
public sealed class BatchWalksTests
{
    private static readonly Node Root = new() { Id = "root", Kind = NodeKind.Folder };
    private static readonly Node Docs = new() { Id = "docs", ParentId = "root", NameKey = "docs", Kind = NodeKind.Folder };

    [Fact]
    public void A_walk_is_given_while_no_new_node_lies_along_it()
    {
        var walks = new BatchWalks([Walk(["docs", "a.txt"], Docs), Walk(["docs", "b.txt"], Docs)]);
        walks.NoteNewNode("docs", "c.txt");   // a sibling of both targets
        walks.NoteNewNode("elsewhere", "a.txt");

        Assert.NotNull(walks.Take("alice", ["docs", "a.txt"]));
        Assert.NotNull(walks.Take("alice", ["docs", "b.txt"]));
        Assert.Null(walks.Take("alice", ["docs", "c.txt"]));   // never read
        Assert.Null(walks.Take("bob", ["docs", "a.txt"]));
    }

    [Fact]
    public void A_new_file_where_a_walk_found_none_takes_that_walk_away()
    {
        var walks = new BatchWalks([Walk(["docs", "a.txt"], Docs), Walk(["docs", "b.txt"], Docs)]);
        walks.NoteNewNode("docs", "a.txt");

        Assert.Null(walks.Take("alice", ["docs", "a.txt"]));
        Assert.NotNull(walks.Take("alice", ["docs", "b.txt"]));
    }

    [Fact]
    public void A_new_folder_where_a_walk_stopped_short_takes_that_walk_away()
    {
        // "new" did not exist when the batch began: the walk found only "docs".
        var walks = new BatchWalks([Walk(["docs", "new", "a.txt"], Docs)]);
        walks.NoteNewNode("docs", "new");

        Assert.Null(walks.Take("alice", ["docs", "new", "a.txt"]));
    }

    [Fact]
    public void A_new_node_at_the_root_counts_against_walks_from_it()
    {
        var walks = new BatchWalks([Walk(["top.txt"])]);
        walks.NoteNewNode("root", "top.txt");

        Assert.Null(walks.Take("alice", ["top.txt"]));
    }

    private static WalkPrefetch Walk(string[] keys, params Node[] found) =>
        new("alice", (new UserSpace { Id = "alice", RootId = Root.Id }, Root), keys, found, AnyLock: false, Mounted: new HashSet<string>());
}
