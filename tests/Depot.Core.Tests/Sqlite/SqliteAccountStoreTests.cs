using Depot.Core.Tests.Accounts;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteAccountStoreTests : AccountStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
