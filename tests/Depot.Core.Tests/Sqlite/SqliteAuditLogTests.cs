using Depot.Core.Tests.Events;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteAuditLogTests : AuditLogTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
