using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresShareExpiryTests : ShareExpiryTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
