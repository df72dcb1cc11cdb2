namespace Depot.Testing;

/// <summary>The repository the tests run from, for files they check or run as shipped (deploy/, scripts/, docs/).</summary>
public static class Repository
{
    /// <summary>The folder holding Depot.slnx, found upwards from the test assembly.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Depot.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Depot.slnx) above " + AppContext.BaseDirectory);
    }
}
