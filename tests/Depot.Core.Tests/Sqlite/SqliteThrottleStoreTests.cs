using Depot.Core.Tests.Accounts;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteThrottleStoreTests : SqlThrottleStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
