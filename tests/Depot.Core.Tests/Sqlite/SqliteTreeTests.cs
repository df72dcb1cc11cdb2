using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteTreeTests : TreeTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
