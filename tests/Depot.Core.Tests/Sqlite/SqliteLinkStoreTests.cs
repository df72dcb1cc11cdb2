using Depot.Core.Tests.Sharing;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteLinkStoreTests : LinkStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
