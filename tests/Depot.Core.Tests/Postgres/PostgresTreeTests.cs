using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresTreeTests : TreeTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
