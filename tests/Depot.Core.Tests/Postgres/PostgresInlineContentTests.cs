using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresInlineContentTests : InlineContentTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
