using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresUploadTests : UploadTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
