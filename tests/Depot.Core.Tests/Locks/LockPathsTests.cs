using Depot.Core.Files;
using Depot.Core.Locks;

namespace Depot.Core.Tests.Locks;

/// <summary>Which locks protect which writes (RFC 4918 §7): keys, inheritance by depth, member lists, subtrees.</summary>
public sealed class LockPathsTests
{
    private static DepotPath P(string path) => DepotPath.Parse(path).Value;

    private static LockRecord Lock(string path, bool infinite) => new() { Path = path, PathKey = LockPaths.Key(P(path)), Infinite = infinite };

    [Fact]
    public void Keys_fold_case_like_the_file_tree()
    {
        Assert.Equal("/", LockPaths.Key(DepotPath.Root));
        Assert.Equal(LockPaths.Key(P("/Docs/Report.PDF")), LockPaths.Key(P("/docs/report.pdf")));
        Assert.True(LockPaths.IsAncestor("/", "/A"));
        Assert.True(LockPaths.IsAncestor("/A", "/A/B"));
        Assert.False(LockPaths.IsAncestor("/A", "/AB"));
        Assert.False(LockPaths.IsAncestor("/A", "/A"));
    }

    [Fact]
    public void Depth_infinity_covers_descendants_and_depth_0_only_the_resource()
    {
        Assert.True(LockPaths.Covers(Lock("/d", true), LockPaths.Key(P("/d/x/y"))));
        Assert.False(LockPaths.Covers(Lock("/d", false), LockPaths.Key(P("/d/x"))));
        Assert.True(LockPaths.Covers(Lock("/d", false), LockPaths.Key(P("/D"))));
    }

    [Fact]
    public void Membership_and_subtree_writes_need_the_parent_and_descendant_locks()
    {
        // Creating /d/new changes /d's member list: a depth-0 lock on /d applies.
        Assert.True(LockPaths.Applies(Lock("/d", false), new LockTarget(P("/d/new"), Membership: true)));
        Assert.False(LockPaths.Applies(Lock("/d", false), new LockTarget(P("/d/new"))));
        // Deleting /d needs the locks below it.
        Assert.True(LockPaths.Applies(Lock("/d/deep/f", false), new LockTarget(P("/d"), Membership: true, Subtree: true)));
        Assert.False(LockPaths.Applies(Lock("/d/deep/f", false), new LockTarget(P("/d"), Membership: true)));
        Assert.False(LockPaths.Applies(Lock("/other", true), new LockTarget(P("/d"), Membership: true, Subtree: true)));
    }

    [Fact]
    public void A_new_depth_infinity_lock_overlaps_locks_below_it()
    {
        Assert.True(LockPaths.Overlaps(Lock("/d/f", false), LockPaths.Key(P("/d")), infinite: true));
        Assert.False(LockPaths.Overlaps(Lock("/d/f", false), LockPaths.Key(P("/d")), infinite: false));
        Assert.True(LockPaths.Overlaps(Lock("/d", true), LockPaths.Key(P("/d/f")), infinite: false));
    }

    [Fact]
    public void A_shared_lock_includes_another_only_when_it_protects_all_of_it()
    {
        Assert.True(LockPaths.Includes(Lock("/d", true), Lock("/d/f", false)));
        Assert.True(LockPaths.Includes(Lock("/d", true), Lock("/D", true)));
        Assert.True(LockPaths.Includes(Lock("/d", false), Lock("/d", false)));
        Assert.False(LockPaths.Includes(Lock("/d", false), Lock("/d", true)));
        Assert.False(LockPaths.Includes(Lock("/d", false), Lock("/d/f", false)));
        Assert.False(LockPaths.Includes(Lock("/d/f", true), Lock("/d", true)));
    }
}
