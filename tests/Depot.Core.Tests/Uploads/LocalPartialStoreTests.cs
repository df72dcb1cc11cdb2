using Depot.Core.Storage;
using Depot.Core.Uploads;

namespace Depot.Core.Tests.Uploads;

public sealed class LocalPartialStoreTests : PartialStoreContract, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-partials-");

    public LocalPartialStoreTests()
    {
        var blobs = new LocalBlobStore(Path.Combine(_folder.FullName, "blobs"), new StorageOptions(), TimeProvider.System);
        Blobs = blobs;
        Partials = new LocalPartialStore(Path.Combine(_folder.FullName, "uploads"), blobs, new StorageOptions(), TimeProvider.System);
    }

    protected override IPartialStore Partials { get; }

    protected override IBlobStore Blobs { get; }

    public void Dispose() => _folder.Delete(recursive: true);
}
