using Depot.Core.Tests.Thumbnails;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteThumbnailStoreTests : SqlThumbnailStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
