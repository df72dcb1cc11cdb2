using Depot.Core.Tests.Uploads;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteUploadStoreTests : UploadStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
