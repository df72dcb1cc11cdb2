using Depot.Core.Tests.Locks;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteWriteLockRuleTests : WriteLockRuleTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
