using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqlitePathResolutionTests : PathResolutionTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
