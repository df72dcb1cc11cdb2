using Depot.Core.Tests.Uploads;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteUploadDigestTests : UploadDigestTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
