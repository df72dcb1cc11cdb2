using Depot.Core.Tests.Sharing;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteShareStoreTests : ShareStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
