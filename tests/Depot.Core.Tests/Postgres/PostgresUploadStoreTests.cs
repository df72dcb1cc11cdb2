using Depot.Core.Tests.Uploads;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresUploadStoreTests : UploadStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
