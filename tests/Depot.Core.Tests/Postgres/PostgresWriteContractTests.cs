using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresWriteContractTests : WriteContractTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
