using Depot.Core.Tests.Jobs;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresMaintenanceJobTests : MaintenanceJobTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
