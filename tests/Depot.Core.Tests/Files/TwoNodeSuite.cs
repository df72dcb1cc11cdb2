using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>
/// A contract suite over two server nodes on one database: <see cref="One"/>, and <see cref="Two"/> with a connection
/// pool of its own (<see cref="FilesHarness.SecondNode"/>). Runs against every metadata backend through one subclass each.
/// </summary>
public abstract class TwoNodeSuite : IAsyncLifetime
{
    protected FilesHarness One { get; private set; } = null!;

    protected FilesHarness Two { get; private set; } = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync()
    {
        One = await CreateAsync(Backend);
        Two = One.SecondNode();
    }

    public async Task DisposeAsync()
    {
        await Two.DisposeAsync();
        await One.DisposeAsync();
    }
}
