using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresNameOrderTests : NameOrderTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
