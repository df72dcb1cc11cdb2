using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteInlineContentTests : InlineContentTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
