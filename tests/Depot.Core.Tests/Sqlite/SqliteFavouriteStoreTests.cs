using Depot.Core.Tests.Favourites;

namespace Depot.Core.Tests.Sqlite;

public sealed class SqliteFavouriteStoreTests : FavouriteStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Sqlite;
}
