using Xunit;

namespace Depot.Testing;

/// <summary>
/// A fact that needs root (it mounts a file system). Elsewhere it is skipped with the reason, never passed
/// silently; CI runs the suite as root, so there it always runs.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!TmpfsMount.CanMount)
        {
            Skip = "Needs root on Linux to mount a small tmpfs (mount -t tmpfs); this process is not privileged.";
        }
    }
}
