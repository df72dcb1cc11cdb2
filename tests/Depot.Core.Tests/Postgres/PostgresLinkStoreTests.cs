using Depot.Core.Tests.Sharing;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresLinkStoreTests : LinkStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
