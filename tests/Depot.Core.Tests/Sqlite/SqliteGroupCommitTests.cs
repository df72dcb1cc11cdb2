using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteGroupCommitTests : GroupCommitTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
