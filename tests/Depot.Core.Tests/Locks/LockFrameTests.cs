using Depot.Core.Files;
using Depot.Core.Locks;

namespace Depot.Core.Tests.Locks;

/// <summary>Lock roots in the owner's tree, named in the viewer's tree through the mount they came by, or not at all.</summary>
public sealed class LockFrameTests
{
    private static DepotPath P(string path) => DepotPath.Parse(path).Value;

    private static LockRecord Lock(string path) => new() { Path = path, PathKey = LockPaths.Key(P(path)) };

    // Bob mounted Alice's /projects/team at /work/team: /work/team/plan.docx is her /projects/team/plan.docx.
    private static readonly LockFrame Bob = new("alice", P("/work/team/plan.docx"), P("/projects/team/plan.docx"), Shared: 1);

    [Fact]
    public void Roots_at_or_below_the_mounted_folder_translate()
    {
        Assert.Equal(P("/work/team/plan.docx"), Bob.ToCaller(Lock("/projects/team/plan.docx")));
        Assert.Equal(P("/work/team"), Bob.ToCaller(Lock("/projects/TEAM")));
        Assert.Equal(P("/work/team/sub/x"), Bob.ToCaller(Lock("/projects/team/sub/x")));
    }

    [Fact]
    public void Roots_above_the_mounted_folder_or_beside_it_have_no_name_for_the_viewer()
    {
        Assert.Null(Bob.ToCaller(Lock("/projects")));
        Assert.Null(Bob.ToCaller(Lock("/")));
        Assert.Null(Bob.ToCaller(Lock("/projects/teamwork")));
    }

    [Fact]
    public void In_ones_own_tree_every_root_is_itself_and_members_keep_the_frame()
    {
        var own = new LockFrame("bob", P("/a/b"), P("/a/b"), Shared: 2);
        Assert.Equal(P("/"), own.ToCaller(Lock("/")));
        Assert.Equal(P("/a"), own.ToCaller(Lock("/a")));
        Assert.Equal(P("/work/team/plan.docx/x"), Bob.Child("x").ToCaller(Lock("/projects/team/plan.docx/x")));
        Assert.Null(Bob.Child("x").ToCaller(Lock("/projects")));
    }
}
