namespace Depot.Server.Hosting;

internal static class KestrelHosting
{
    public static IWebHostBuilder ConfigureDepotKestrel(this IWebHostBuilder webHost, IConfiguration configuration) => webHost;
}
