using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

/// <summary>The name order suite on a PostgreSQL database whose default collation is ICU en-US, not "C".</summary>
public sealed class PostgresLanguageCollationNameOrderTests : NameOrderTests
{
    protected override MetadataBackend Backend => MetadataBackend.PostgresLanguageCollation;
}
