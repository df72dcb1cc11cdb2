using Depot.Core.Tests.Jobs;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteMaintenanceJobTests : MaintenanceJobTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
