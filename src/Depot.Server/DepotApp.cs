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
        // No reloading of appsettings.json: its watcher covers the content root recursively, and with the default
        // ./data beside it every blob and database write became a file-system event (about 4% CPU in a profile).
        // Depot reads its options once at start; restart to change them.
        string[] hostArgs = ["--hostBuilder:reloadConfigOnChange=false", .. args];
        // The program's own folder, not the working directory: appsettings.json (log levels among its settings) must be
        // found however the server is started, e.g. by a systemd unit without WorkingDirectory=.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = hostArgs, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddDepotSources(args);
        builder.Logging.AddDepotConsole(builder.Configuration);

        builder.Services.AddDepotData();
        builder.Services.AddDepotHttp();
        builder.Services.AddDepotAccounts();
        builder.Services.AddDepotDataProtection();
        builder.Services.AddDepotEncryption();
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
