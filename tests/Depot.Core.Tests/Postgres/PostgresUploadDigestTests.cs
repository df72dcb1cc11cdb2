using Depot.Core.Tests.Uploads;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresUploadDigestTests : UploadDigestTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
