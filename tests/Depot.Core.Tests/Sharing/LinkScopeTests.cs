using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Core.Tests.Files;
using Depot.Protocol;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Sharing;

/// <summary>
/// A public-link visitor is a principal of its own (<see cref="Caller.Link"/>) whose reach the core enforces, on every
/// metadata backend: paths start at the linked item, nothing above it or through a mount inside it is reachable, a view
/// link only reads, and a drop box only creates new files (no listing, no reading, no overwriting).
/// </summary>
public abstract class LinkScopeTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_view_link_reads_inside_its_folder_only_and_never_through_a_mount()
    {
        var (owner, visitor) = await LinkedFolderAsync(dropBox: false);

        Assert.Equal("in"u8.ToArray(), await _h.ReadAsync(visitor, "/sub/in.txt"));
        var listing = await _h.Folders.ListAsync(visitor, DepotPath.Root, new ListRequest(ChildOrder.Name, false, 100, null), default);
        Assert.Equal(["sub"], listing.Value.Items.Select(i => i.Name));   // the mount is left out
        Assert.Equal(Role.Viewer, listing.Value.Folder.Role);

        foreach (var unreachable in new[] { "/team", "/team/theirs.txt", "/outside.txt", "/public/sub/in.txt" })
        {
            Assert.Equal(ErrorCodes.NotFound, (await _h.Files.GetAsync(visitor, P(unreachable), default)).Error?.Code);
        }

        Assert.Equal(ErrorCodes.NotFound, (await _h.Files.OpenReadAsync(visitor, P("/team/theirs.txt"), null, default)).Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, (await _h.Folders.ListAsync(visitor, P("/team"), new ListRequest(ChildOrder.Name, false, 10, null), default)).Error?.Code);
        Assert.True((await _h.Files.GetAsync(owner, P("/public/team/theirs.txt"), default)).IsSuccess);   // the owner does reach it
    }

    [Fact]
    public async Task A_view_link_writes_nothing()
    {
        var (owner, visitor) = await LinkedFolderAsync(dropBox: false);

        Assert.Equal(ErrorCodes.Forbidden, (await _h.UploadAsync(visitor, "/new.txt", "x"u8.ToArray(), new UploadRequest())).Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await _h.UploadAsync(visitor, "/sub/in.txt", "x"u8.ToArray(), new UploadRequest())).Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await _h.Files.DeleteAsync(visitor, P("/sub/in.txt"), WritePreconditions.None, default)).Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await _h.Folders.CreateAsync(visitor, P("/made"), parents: false, default)).Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await _h.Moves.MoveAsync(visitor, P("/sub/in.txt"), P("/moved.txt"), false, default)).Error?.Code);
        Assert.Equal("in"u8.ToArray(), await _h.ReadAsync(owner, "/public/sub/in.txt"));
    }

    [Fact]
    public async Task A_drop_box_creates_new_files_and_neither_lists_reads_nor_overwrites()
    {
        var (owner, visitor) = await LinkedFolderAsync(dropBox: true);

        var dropped = await _h.UploadAsync(visitor, "/report.txt", "r"u8.ToArray(), new UploadRequest());
        Assert.True(dropped.IsSuccess, dropped.Error?.Detail);
        Assert.Equal("r"u8.ToArray(), await _h.ReadAsync(owner, "/public/report.txt"));

        Assert.Equal(ErrorCodes.AlreadyExists, (await _h.UploadAsync(visitor, "/report.txt", "evil"u8.ToArray(), new UploadRequest())).Error?.Code);
        Assert.Equal("r"u8.ToArray(), await _h.ReadAsync(owner, "/public/report.txt"));
        Assert.Equal(ErrorCodes.Forbidden, (await _h.Files.OpenReadAsync(visitor, P("/report.txt"), null, default)).Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await _h.Files.GetAsync(visitor, P("/nothing.txt"), default)).Error?.Code);   // nor whether a name is taken
        Assert.Equal(ErrorCodes.Forbidden, (await _h.Folders.ListAsync(visitor, DepotPath.Root, new ListRequest(ChildOrder.Name, false, 10, null), default)).Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await _h.Folders.CreateAsync(visitor, P("/made"), parents: false, default)).Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await _h.Files.DeleteAsync(visitor, P("/report.txt"), WritePreconditions.None, default)).Error?.Code);
        Assert.Equal(ErrorCodes.ParentNotFound, (await _h.UploadAsync(visitor, "/deep/er.txt", "x"u8.ToArray())).Error?.Code);   // even with parents=true
        Assert.Equal(ErrorCodes.ParentNotFound, (await _h.UploadAsync(visitor, "/team/planted.txt", "x"u8.ToArray(), new UploadRequest())).Error?.Code);   // not through the mount
    }

    [Fact]
    public async Task A_link_reaches_nothing_of_the_owners_account_beyond_its_files()
    {
        var (_, visitor) = await LinkedFolderAsync(dropBox: false);

        Assert.Equal(ErrorCodes.Forbidden, (await _h.TrashBin.ListAsync(visitor, 10, null, default)).Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await _h.History.ListAsync(visitor, P("/sub/in.txt"), default)).Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await _h.Sharing.MountAsync(visitor, "x", P("/m"), default)).Error?.Code);
    }

    /// <summary>
    /// The owner's /public (sub/in.txt, and a mount "team" of a stranger's shared folder) and /outside.txt, and a visitor of
    /// a link to /public.
    /// </summary>
    private async Task<(Caller Owner, Caller Visitor)> LinkedFolderAsync(bool dropBox)
    {
        var owner = await _h.CreateUserAsync();
        var stranger = await _h.CreateUserAsync();
        await _h.UploadAsync(owner, "/public/sub/in.txt", "in"u8.ToArray());
        await _h.UploadAsync(owner, "/outside.txt", "out"u8.ToArray());
        await _h.UploadAsync(stranger, "/team/theirs.txt", "theirs"u8.ToArray());
        var team = (await _h.Files.GetAsync(stranger, P("/team"), default)).Value.Node.Id;
        await _h.GrantEditorAsync(stranger, team, owner);
        Assert.True((await _h.Sharing.MountAsync(owner, team, P("/public/team"), default)).IsSuccess);
        var folder = (await _h.Files.GetAsync(owner, P("/public"), default)).Value.Node.Id;
        return (owner, owner with { Link = new LinkScope("link", folder, dropBox) });
    }
}
