using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteCrossNodeUploadTests : CrossNodeUploadTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
