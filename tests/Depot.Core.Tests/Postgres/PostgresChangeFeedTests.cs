using Depot.Core.Tests.Changes;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresChangeFeedTests : ChangeFeedTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
