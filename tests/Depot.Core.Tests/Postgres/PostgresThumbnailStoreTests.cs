using Depot.Core.Tests.Thumbnails;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresThumbnailStoreTests : SqlThumbnailStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
