using Depot.Core.Tests.Groups;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteGroupStoreTests : GroupStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
