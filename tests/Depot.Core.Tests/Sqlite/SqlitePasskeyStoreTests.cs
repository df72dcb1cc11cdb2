using Depot.Core.Tests.Accounts;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqlitePasskeyStoreTests : PasskeyStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
