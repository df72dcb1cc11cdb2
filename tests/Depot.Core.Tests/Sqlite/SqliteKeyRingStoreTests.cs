using Depot.Core.Tests.Accounts;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteKeyRingStoreTests : KeyRingStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
