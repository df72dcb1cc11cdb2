using Depot.Core.Tests.Locks;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresLockStoreTests : LockStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
