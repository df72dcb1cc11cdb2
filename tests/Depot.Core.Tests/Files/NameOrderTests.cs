using System.Text;
using Depot.Core.Files;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>
/// Listings and search put names in the byte order of their keys on every backend, whatever the database's default
/// collation, and their cursors page through without gaps or repeats (migration 0010 on PostgreSQL). A contract suite:
/// one subclass per backend, one of them a PostgreSQL database with a language's collation.
/// </summary>
public abstract class NameOrderTests : IAsyncLifetime
{
    // Names a language's collation sorts differently from their bytes: accents, case-folded keys, punctuation, digits.
    private static readonly string[] Names =
        ["Zebra", "Éclair", "eclair2", "apple", "a_b", "a-b", "a b", "ab", "10", "9", "Ölfass", "oz", "été", "Ezra", "~tilde", "Ábc"];

    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Listing_pages_names_in_byte_order(bool descending)
    {
        var alice = await _h.CreateUserAsync();
        foreach (var name in Names)
        {
            await _h.UploadAsync(alice, "/dir/" + name, [1]);
        }

        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _h.Folders.ListAsync(alice, P("/dir"), new ListRequest(ChildOrder.Name, descending, 3, cursor), default);
            Assert.True(page.IsSuccess, page.Error?.Detail);
            listed.AddRange(page.Value.Items.Select(i => i.Node.Name));
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);

        var expected = Names.Order(ByKeyBytes).ToList();
        if (descending)
        {
            expected.Reverse();
        }

        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task Search_pages_live_matches_in_byte_order()
    {
        var alice = await _h.CreateUserAsync();
        var live = new List<string>();
        foreach (var (name, i) in Names.Select((n, i) => (n, i)))
        {
            // Matches at several depths, each name once; the walk must reach every one of them.
            var folder = string.Concat(Enumerable.Range(0, i % 4).Select(d => $"/d{d}"));
            await _h.UploadAsync(alice, $"{folder}/x{name}", [1]);
            live.Add($"{folder}/x{name}");
        }

        await _h.UploadAsync(alice, "/gone/xinside", [1]);
        await _h.UploadAsync(alice, "/d0/xtrashed", [1]);
        Assert.True((await _h.Files.DeleteAsync(alice, P("/gone"), WritePreconditions.None, default)).IsSuccess);
        Assert.True((await _h.Files.DeleteAsync(alice, P("/d0/xtrashed"), WritePreconditions.None, default)).IsSuccess);

        var search = new SearchService(_h.Database, _h.Store);
        var found = new List<string>();
        string? cursor = null;
        do
        {
            var page = await search.SearchAsync(alice, "x", 4, cursor, default);
            Assert.True(page.IsSuccess, page.Error?.Detail);
            found.AddRange(page.Value.Items.Select(i => i.Path.ToString()));
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(live.OrderBy(p => p[(p.LastIndexOf('/') + 1)..], ByKeyBytes), found);
    }

    private static readonly Comparer<string> ByKeyBytes = Comparer<string>.Create((a, b) =>
        Encoding.UTF8.GetBytes(NodeName.Key(a)).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(NodeName.Key(b))));
}
