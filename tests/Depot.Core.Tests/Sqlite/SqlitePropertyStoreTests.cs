using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqlitePropertyStoreTests : PropertyStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
