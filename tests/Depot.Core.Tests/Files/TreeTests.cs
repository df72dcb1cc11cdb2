using Depot.Core.Files;
using Depot.Protocol;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>Folders, moves, copies, trash and versions on real SQLite and a real blob folder.</summary>
/// <summary>A contract suite: runs against every metadata backend through one subclass each.</summary>
public abstract class TreeTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Copy_is_metadata_only_and_counts_against_quota()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/src/a.bin", new byte[1000]);
        await _h.UploadAsync(alice, "/src/sub/b.bin", new byte[500]);
        var copy = await _h.Moves.CopyAsync(alice, P("/src"), P("/dst"), false, default);

        Assert.True(copy.IsSuccess, copy.Error?.Detail);
        Assert.Equal(2, await _h.StoredContentCountAsync());
        Assert.Equal(2, await _h.CountAsync("SELECT COUNT(DISTINCT blob_id) FROM versions"));
        Assert.Equal(4, await _h.CountAsync("SELECT COUNT(*) FROM versions"));
        Assert.Equal(3000, await _h.UsedBytesAsync(alice));
        Assert.Equal(new byte[500], await _h.ReadAsync(alice, "/dst/sub/b.bin"));
    }

    [Fact]
    public async Task Copy_over_quota_is_refused()
    {
        var alice = await _h.CreateUserAsync(quota: 1500);
        await _h.UploadAsync(alice, "/a.bin", new byte[1000]);
        Assert.Equal(ErrorCodes.QuotaExceeded, (await _h.Moves.CopyAsync(alice, P("/a.bin"), P("/b.bin"), false, default)).Error?.Code);
    }

    [Fact]
    public async Task Move_into_own_descendant_is_rejected_and_root_is_immutable()
    {
        var alice = await _h.CreateUserAsync();
        await _h.Folders.CreateAsync(alice, P("/a/b/c"), true, default);
        Assert.Equal(ErrorCodes.MoveIntoSelf, (await _h.Moves.MoveAsync(alice, P("/a"), P("/a/b/c/a"), false, default)).Error?.Code);
        Assert.Equal(ErrorCodes.MoveIntoSelf, (await _h.Moves.CopyAsync(alice, P("/a"), P("/a/b/x"), false, default)).Error?.Code);
        Assert.Equal(ErrorCodes.RootImmutable, (await _h.Moves.MoveAsync(alice, P("/"), P("/x"), false, default)).Error?.Code);
        Assert.Equal(ErrorCodes.RootImmutable, (await _h.Files.DeleteAsync(alice, P("/"), WritePreconditions.None, default)).Error?.Code);
    }

    [Fact]
    public async Task Move_renames_and_overwrite_replaces_only_files()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/a.txt", [1]);
        await _h.UploadAsync(alice, "/b.txt", [2]);
        await _h.Folders.CreateAsync(alice, P("/dir1/x"), true, default);
        await _h.Folders.CreateAsync(alice, P("/dir2"), true, default);

        Assert.Equal(ErrorCodes.AlreadyExists, (await _h.Moves.MoveAsync(alice, P("/a.txt"), P("/b.txt"), false, default)).Error?.Code);
        Assert.Equal(ErrorCodes.AlreadyExists, (await _h.Moves.MoveAsync(alice, P("/dir1"), P("/dir2"), true, default)).Error?.Code);
        var moved = await _h.Moves.MoveAsync(alice, P("/a.txt"), P("/b.txt"), true, default);
        Assert.Equal("/b.txt", moved.Value.Path.Value);
        Assert.Equal([1], await _h.ReadAsync(alice, "/b.txt"));
        Assert.Single((await _h.TrashBin.ListAsync(alice, 10, null, default)).Value.Items);   // the replaced b.txt
        Assert.True((await _h.Moves.MoveAsync(alice, P("/b.txt"), P("/B.TXT"), false, default)).IsSuccess);   // change of case
        Assert.Equal("/B.TXT", (await _h.Files.GetAsync(alice, P("/b.txt"), default)).Value.Path.Value);
        Assert.True((await _h.Moves.MoveAsync(alice, P("/dir1"), P("/dir2/dir1"), false, default)).IsSuccess);
        Assert.True((await _h.Files.GetAsync(alice, P("/dir2/dir1/x"), default)).IsSuccess);
    }

    [Fact]
    public async Task Folder_etag_changes_when_its_children_change()
    {
        var alice = await _h.CreateUserAsync();
        await _h.Folders.CreateAsync(alice, P("/d"), false, default);
        var before = (await _h.Files.GetAsync(alice, P("/d"), default)).Value.Node.ETag;
        await _h.UploadAsync(alice, "/d/f", [1]);
        var after = (await _h.Files.GetAsync(alice, P("/d"), default)).Value.Node.ETag;
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task Mkdir_with_parents_is_idempotent_without_it_conflicts()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.Folders.CreateAsync(alice, P("/a/b"), true, default)).Value.Created);
        Assert.False((await _h.Folders.CreateAsync(alice, P("/a/b"), true, default)).Value.Created);
        Assert.Equal(ErrorCodes.AlreadyExists, (await _h.Folders.CreateAsync(alice, P("/a/b"), false, default)).Error?.Code);
        Assert.Equal(ErrorCodes.ParentNotFound, (await _h.Folders.CreateAsync(alice, P("/x/y"), false, default)).Error?.Code);
    }

    [Fact]
    public async Task Listing_pages_with_a_cursor_in_every_order()
    {
        var alice = await _h.CreateUserAsync();
        for (var i = 0; i < 25; i++)
        {
            await _h.UploadAsync(alice, $"/d/f{i:D2}", new byte[i % 5]);
        }

        foreach (var (order, desc) in new[] { (ChildOrder.Name, false), (ChildOrder.Name, true), (ChildOrder.Size, false), (ChildOrder.Modified, true) })
        {
            var seen = new List<NodeEntry>();
            string? cursor = null;
            do
            {
                var page = (await _h.Folders.ListAsync(alice, P("/d"), new ListRequest(order, desc, 10, cursor), default)).Value;
                seen.AddRange(page.Items);
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            Assert.Equal(25, seen.Select(e => e.Node.Id).Distinct().Count());
            var keys = seen.Select(e => (order == ChildOrder.Size ? e.Node.Size : order == ChildOrder.Modified ? e.Node.ModifiedAt : 0, e.Node.NameKey)).ToList();
            var sorted = desc ? keys.OrderByDescending(k => k.Item1).ThenByDescending(k => k.NameKey, StringComparer.Ordinal).ToList()
                : keys.OrderBy(k => k.Item1).ThenBy(k => k.NameKey, StringComparer.Ordinal).ToList();
            Assert.Equal(sorted, keys);
        }

        var wrong = await _h.Folders.ListAsync(alice, P("/d"), new ListRequest(ChildOrder.Size, false, 10, "garbage"), default);
        Assert.Equal(ErrorCodes.InvalidRequest, wrong.Error?.Code);
    }

    [Fact]
    public async Task A_listing_continued_from_its_last_page_lists_the_folder_it_found_without_walking_again()
    {
        // One request's listing (a PROPFIND) walks the path once: later pages list the folder the first page found,
        // so they stay on it even when the path changes meanwhile.
        var alice = await _h.CreateUserAsync();
        for (var i = 0; i < 5; i++)
        {
            await _h.UploadAsync(alice, $"/a/f{i}", new byte[i]);
        }

        var first = (await _h.Folders.ListAsync(alice, P("/a"), new ListRequest(ChildOrder.Name, false, 2, null), default)).Value;
        Assert.True((await _h.Moves.MoveAsync(alice, P("/a"), P("/b"), false, default)).IsSuccess);
        var second = (await _h.Folders.ListNextAsync(first, new ListRequest(ChildOrder.Name, false, 2, first.NextCursor), default)).Value;
        var third = (await _h.Folders.ListNextAsync(second, new ListRequest(ChildOrder.Name, false, 2, second.NextCursor), default)).Value;

        Assert.Equal(["f0", "f1", "f2", "f3", "f4"], first.Items.Concat(second.Items).Concat(third.Items).Select(e => e.Name));
        Assert.Equal("/a/f2", second.Items[0].Path.ToString());
        Assert.Null(third.NextCursor);
        Assert.Equal(ErrorCodes.NotFound, (await _h.Folders.ListAsync(alice, P("/a"), new ListRequest(ChildOrder.Name, false, 2, first.NextCursor), default)).Error?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest,
            (await _h.Folders.ListNextAsync(first, new ListRequest(ChildOrder.Name, false, 2, "garbage"), default)).Error?.Code);
    }

    [Fact]
    public async Task A_listing_reads_each_child_as_a_whole_read_does_with_checksums_only_when_asked()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/d/a.txt", [1, 2, 3], new UploadRequest(ContentType: "text/plain", CreateParents: true));
        await _h.UploadAsync(alice, "/d/b.bin", []);
        await _h.Folders.CreateAsync(alice, P("/d/sub"), false, default);
        // A content type holding a control character, and a name full of punctuation, come back whole.
        await _h.UploadAsync(alice, "/d/c|1 ; ä\u00a0.txt", [4], new UploadRequest(ContentType: "text/x-odd; a=\u001f|2; b=\u001f"));
        foreach (var checksums in new[] { true, false })
        {
            var page = (await _h.Folders.ListAsync(alice, P("/d"), new ListRequest(Checksums: checksums), default)).Value;
            Assert.Equal(["a.txt", "b.bin", "c|1 ; ä\u00a0.txt", "sub"], page.Items.Select(i => i.Name));
            Assert.Equal("text/x-odd; a=\u001f|2; b=\u001f", page.Items[2].Node.ContentType);
            foreach (var item in page.Items)
            {
                var whole = (await _h.Files.GetAsync(alice, item.Path, default)).Value.Node;
                Assert.Equal(checksums ? whole : whole with { Sha1 = null, Md5 = null }, item.Node);
            }
        }
    }

    [Fact]
    public async Task Deleted_file_restores_to_its_original_path()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/docs/a.txt", [1, 2, 3]);
        await _h.Files.DeleteAsync(alice, P("/docs/a.txt"), WritePreconditions.None, default);
        Assert.Equal(ErrorCodes.NotFound, (await _h.Files.GetAsync(alice, P("/docs/a.txt"), default)).Error?.Code);

        var item = Assert.Single((await _h.TrashBin.ListAsync(alice, 10, null, default)).Value.Items);
        Assert.Equal("/docs/a.txt", item.OriginalPath);
        Assert.Equal(3, item.Size);
        Assert.Equal(3, await _h.UsedBytesAsync(alice));   // trash counts
        var restored = await _h.TrashBin.RestoreAsync(alice, item.Node.Id, null, default);
        Assert.Equal("/docs/a.txt", restored.Value.Path.Value);
        Assert.Equal([1, 2, 3], await _h.ReadAsync(alice, "/docs/a.txt"));
    }

    [Fact]
    public async Task Restore_goes_to_the_root_when_the_folder_is_gone_and_conflicts_are_409()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/docs/a.txt", [1]);
        await _h.Files.DeleteAsync(alice, P("/docs/a.txt"), WritePreconditions.None, default);
        await _h.Files.DeleteAsync(alice, P("/docs"), WritePreconditions.None, default);
        var items = (await _h.TrashBin.ListAsync(alice, 10, null, default)).Value.Items;
        var file = items.Single(i => i.Node.Name == "a.txt");

        await _h.UploadAsync(alice, "/a.txt", [9]);
        Assert.Equal(ErrorCodes.AlreadyExists, (await _h.TrashBin.RestoreAsync(alice, file.Node.Id, null, default)).Error?.Code);
        Assert.Equal("/b.txt", (await _h.TrashBin.RestoreAsync(alice, file.Node.Id, P("/b.txt"), default)).Value.Path.Value);
        Assert.Equal([1], await _h.ReadAsync(alice, "/b.txt"));
    }

    [Fact]
    public async Task Purge_releases_quota_and_blob_files_and_keeps_items_deleted_earlier_from_inside()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/d/a.bin", new byte[100]);
        await _h.UploadAsync(alice, "/d/b.bin", new byte[200]);
        await _h.Files.DeleteAsync(alice, P("/d/b.bin"), WritePreconditions.None, default);
        await _h.Files.DeleteAsync(alice, P("/d"), WritePreconditions.None, default);
        var folder = (await _h.TrashBin.ListAsync(alice, 10, null, default)).Value.Items.Single(i => i.Node.IsFolder);

        Assert.True((await _h.TrashBin.PurgeAsync(alice, folder.Node.Id, default)).IsSuccess);
        Assert.Equal(200, await _h.UsedBytesAsync(alice));
        Assert.Equal(1, await _h.StoredContentCountAsync());
        var survivor = Assert.Single((await _h.TrashBin.ListAsync(alice, 10, null, default)).Value.Items);
        Assert.Equal("/b.bin", (await _h.TrashBin.RestoreAsync(alice, survivor.Node.Id, null, default)).Value.Path.Value);
    }

    [Fact]
    public async Task Emptying_the_trash_releases_everything_but_blobs_still_referenced_by_copies()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/a.bin", new byte[100]);
        await _h.Moves.CopyAsync(alice, P("/a.bin"), P("/copy.bin"), false, default);
        await _h.UploadAsync(alice, "/b.bin", new byte[50]);
        await _h.Files.DeleteAsync(alice, P("/a.bin"), WritePreconditions.None, default);
        await _h.Files.DeleteAsync(alice, P("/b.bin"), WritePreconditions.None, default);

        await _h.TrashBin.EmptyAsync(alice, default);
        Assert.Empty((await _h.TrashBin.ListAsync(alice, 10, null, default)).Value.Items);
        Assert.Equal(100, await _h.UsedBytesAsync(alice));
        Assert.Equal(1, await _h.StoredContentCountAsync());
        Assert.Equal(new byte[100], await _h.ReadAsync(alice, "/copy.bin"));
    }

    [Fact]
    public async Task Another_users_trash_item_is_not_found()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/a", [1]);
        await _h.Files.DeleteAsync(alice, P("/a"), WritePreconditions.None, default);
        var id = (await _h.TrashBin.ListAsync(alice, 10, null, default)).Value.Items[0].Node.Id;
        Assert.Equal(ErrorCodes.TrashItemNotFound, (await _h.TrashBin.RestoreAsync(bob, id, null, default)).Error?.Code);
        Assert.Equal(ErrorCodes.TrashItemNotFound, (await _h.TrashBin.PurgeAsync(bob, id, default)).Error?.Code);
        Assert.Empty((await _h.TrashBin.ListAsync(bob, 10, null, default)).Value.Items);
    }

    [Fact]
    public async Task Version_restore_adds_a_current_version_with_the_old_content()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/a", [1]);
        await _h.UploadAsync(alice, "/a", [2, 2]);
        var old = (await _h.History.ListAsync(alice, P("/a"), default)).Value[1];
        var restored = await _h.History.RestoreAsync(alice, P("/a"), old.Version.Id, default);
        Assert.Equal(old.Version.Sha256, restored.Value.Node.Sha256);
        Assert.Equal([1], await _h.ReadAsync(alice, "/a"));
        Assert.Equal(3, (await _h.History.ListAsync(alice, P("/a"), default)).Value.Count);
        Assert.Equal(2, await _h.StoredContentCountAsync());
        Assert.Equal(4, await _h.UsedBytesAsync(alice));
        Assert.Equal(ErrorCodes.VersionNotFound, (await _h.History.RestoreAsync(alice, P("/a"), "nope", default)).Error?.Code);
    }

    [Fact]
    public async Task Version_count_retention_prunes_and_releases_quota_and_blobs()
    {
        _h.Versions.MaxCount = 2;
        var alice = await _h.CreateUserAsync();
        for (var i = 1; i <= 4; i++)
        {
            await _h.UploadAsync(alice, "/a", new byte[i * 10]);
        }

        var versions = (await _h.History.ListAsync(alice, P("/a"), default)).Value;
        Assert.Equal([40L, 30L], versions.Select(v => v.Version.Size));
        Assert.Equal(70, await _h.UsedBytesAsync(alice));
        Assert.Equal(2, await _h.StoredContentCountAsync());
    }

    [Fact]
    public async Task A_move_or_copy_that_would_push_paths_past_the_limits_is_refused()
    {
        var alice = await _h.CreateUserAsync();
        // 16 levels of 200-byte names (3,216 bytes), then a move under a 1,000-byte prefix: past 4,096.
        var deep = string.Concat(Enumerable.Range(0, 16).Select(i => "/" + new string((char)('a' + i), 200)));
        await _h.UploadAsync(alice, "/src" + deep + "/f.txt", "x"u8.ToArray());
        var prefix = "/" + new string('p', 250) + "/" + new string('q', 250) + "/" + new string('r', 250) + "/" + new string('s', 240);
        await _h.Folders.CreateAsync(alice, P(prefix), true, default);

        var moved = await _h.Moves.MoveAsync(alice, P("/src"), P(prefix + "/src"), false, default);
        Assert.Equal(ErrorCodes.InvalidPath, moved.Error?.Code);
        Assert.Equal(ErrorCodes.InvalidPath, (await _h.Moves.CopyAsync(alice, P("/src"), P(prefix + "/src"), false, default)).Error?.Code);
        Assert.True((await _h.Files.GetAsync(alice, P("/src" + deep + "/f.txt"), default)).IsSuccess);

        // Bytes, not characters: 8 names of 127 "é" are 1,024 characters but 2,040 bytes.
        var wide = string.Concat(Enumerable.Repeat("/" + new string('é', 127), 8));
        await _h.Folders.CreateAsync(alice, P("/w" + wide), true, default);
        var far = string.Concat(Enumerable.Range(0, 9).Select(i => "/" + new string((char)('a' + i), 250)));
        await _h.Folders.CreateAsync(alice, P(far), true, default);
        Assert.Equal(ErrorCodes.InvalidPath, (await _h.Moves.MoveAsync(alice, P("/w"), P(far + "/w"), false, default)).Error?.Code);

        // Depth counts too: 100 levels moved 40 levels down would be 141 deep.
        var levels = string.Concat(Enumerable.Repeat("/d", 100));
        await _h.Folders.CreateAsync(alice, P("/tall" + levels), true, default);
        var down = string.Concat(Enumerable.Repeat("/e", 40));
        await _h.Folders.CreateAsync(alice, P(down), true, default);
        Assert.Equal(ErrorCodes.InvalidPath, (await _h.Moves.MoveAsync(alice, P("/tall"), P(down + "/tall"), false, default)).Error?.Code);
        Assert.True((await _h.Moves.MoveAsync(alice, P("/tall"), P("/e/tall"), false, default)).IsSuccess);
    }
}
