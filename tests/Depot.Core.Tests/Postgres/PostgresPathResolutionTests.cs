using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresPathResolutionTests : PathResolutionTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
