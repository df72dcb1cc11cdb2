using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresCrossNodeUploadTests : CrossNodeUploadTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
