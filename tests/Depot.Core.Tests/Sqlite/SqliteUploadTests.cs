using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteUploadTests : UploadTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
