using Depot.Core.Tests.Data;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteConnectionUseTests : ConnectionUseTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
