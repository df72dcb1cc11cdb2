using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteShareExpiryTests : ShareExpiryTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
