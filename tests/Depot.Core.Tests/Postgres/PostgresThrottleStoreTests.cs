using Depot.Core.Tests.Accounts;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresThrottleStoreTests : SqlThrottleStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
