using Depot.Core.Tests.Changes;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteChangeFeedTests : ChangeFeedTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
