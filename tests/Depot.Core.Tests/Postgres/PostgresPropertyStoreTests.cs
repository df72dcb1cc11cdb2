using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresPropertyStoreTests : PropertyStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
