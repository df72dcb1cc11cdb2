using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteNameOrderTests : NameOrderTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
