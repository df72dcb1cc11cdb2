using Depot.Core.Tests.Events;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresAuditLogTests : AuditLogTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
