using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteWriteContractTests : WriteContractTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
