using Depot.Core.Tests.Data;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresConnectionUseTests : ConnectionUseTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
