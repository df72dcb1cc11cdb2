namespace Depot.Server.Web;

public sealed class WebAppOptions
{
    public const string Section = "Depot:Web";

    // Null: the wwwroot folder next to the executable, where the build puts web/dist. A path lets a packager or a
    // developer point at another build of the app without rebuilding the server.
    public string? Root { get; set; }

    public string FullRoot => System.IO.Path.GetFullPath(Root ?? System.IO.Path.Combine(AppContext.BaseDirectory, "wwwroot"));
}
