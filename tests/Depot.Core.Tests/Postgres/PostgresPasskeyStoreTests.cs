using Depot.Core.Tests.Accounts;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresPasskeyStoreTests : PasskeyStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
