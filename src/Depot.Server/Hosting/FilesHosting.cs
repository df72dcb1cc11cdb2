namespace Depot.Server.Hosting;

internal static class FilesHosting
{
    public static IServiceCollection AddDepotFiles(this IServiceCollection services) => services;
}
