using Depot.Core.Tests.Accounts;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresAccountStoreTests : AccountStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
