using Depot.Core.Tests.Sharing;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresShareStoreTests : ShareStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
