using Depot.Core.Tests.Accounts;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresKeyRingStoreTests : KeyRingStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
