using Depot.Core.Tests.Sharing;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteLinkScopeTests : LinkScopeTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
