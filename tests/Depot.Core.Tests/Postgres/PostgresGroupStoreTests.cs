using Depot.Core.Tests.Groups;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresGroupStoreTests : GroupStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
