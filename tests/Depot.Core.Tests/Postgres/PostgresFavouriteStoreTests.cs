using Depot.Core.Tests.Favourites;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresFavouriteStoreTests : FavouriteStoreTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;
}
