using Depot.Server.Dav;
using Depot.Server.Hosting;
using Depot.Server.Observability.Metrics;
using Depot.Server.Tus;

namespace Depot.Server.Api;

internal static class ApiEndpoints
{
    /// <summary>Every route Depot serves. Each feature maps its own group.</summary>
    public static WebApplication MapDepotEndpoints(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapDepotHealth();
        app.MapDepotMetrics();
        var api = app.MapGroup("/api/v1");
        api.MapAuth();
        api.MapSessions();
        api.MapMe();
        api.MapTwoFactor();
        api.MapPasskeys();
        api.MapPasskeySessions();
        api.MapSettings();
        api.MapAppPasswords();
        api.MapUsers();
        api.MapScrub();
        api.MapFiles();
        api.MapThumbnails();
        api.MapFolders();
        api.MapFavourites();
        api.MapNodes();
        api.MapMoves();
        api.MapTrash();
        api.MapVersions();
        api.MapTus();
        api.MapGroups();
        api.MapAudit();
        api.MapChanges();
        api.MapSearch();
        api.MapArchives();
        api.MapShares();
        api.MapContacts();
        api.MapLinks();
        app.MapLinkPages();
        app.MapDav();
        return app;
    }
}
