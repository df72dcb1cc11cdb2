using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresGroupCommitTests : GroupCommitTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
