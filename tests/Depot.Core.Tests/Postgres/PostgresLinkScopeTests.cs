using Depot.Core.Tests.Sharing;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresLinkScopeTests : LinkScopeTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
