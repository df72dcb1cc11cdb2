using Depot.Server.Api;
using Depot.Server.Hosting;
using Depot.Server.Observability;

namespace Depot.Server;

/// <summary>
/// Builds the Depot server. <c>Program.cs</c> and the tests call the same method, so tests run the
/// real composition, not a copy.
/// </summary>
public static class DepotApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddDepotSources(args);
        builder.Logging.AddDepotConsole(builder.Configuration);

        builder.Services.AddDepotData();
        builder.Services.AddDepotHttp();
        builder.Services.AddDepotAccounts();
        builder.Services.AddDepotFiles();
        builder.Services.AddDepotUploads();
        builder.Services.AddDepotEvents();
        builder.Services.AddDepotGroups();
        builder.Services.AddDepotDav();
        builder.WebHost.ConfigureDepotKestrel(builder.Configuration);

        var app = builder.Build();
        app.UseDepotPipeline();
        app.MapDepotEndpoints();
        return app;
    }
}
