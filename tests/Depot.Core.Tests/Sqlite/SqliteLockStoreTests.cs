using Depot.Core.Tests.Locks;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteLockStoreTests : LockStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
