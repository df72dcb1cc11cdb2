using Depot.Core.Tests.Locks;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresWriteLockRuleTests : WriteLockRuleTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
