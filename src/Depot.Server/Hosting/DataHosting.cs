using Depot.Core.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class DataHosting
{
    public static IServiceCollection AddDepotData(this IServiceCollection services)
    {
        services.AddOptions<DataFolderOptions>().BindConfiguration(DataFolderOptions.Section)
            .ValidateAsConfigured(DataFolderOptions.Section);
        services.AddOptions<MetadataOptions>().BindConfiguration(MetadataOptions.Section)
            .ValidateAsConfigured(MetadataOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        // Opens nothing until first used: StartupPreflight prepares the folder and (SQLite) the file first. With PostgreSQL
        // nothing of the metadata lives in the data folder.
        services.TryAddSingleton<IDatabase>(sp => sp.GetRequiredService<IOptions<MetadataOptions>>().Value is var metadata && metadata.IsPostgres
            ? new PostgresDatabase(metadata.ConnectionString!)
            : new SqliteDatabase(sp.GetRequiredService<IOptions<DataFolderOptions>>().Value.DatabasePath, metadata.SqliteCacheKiB));
        services.TryAddSingleton<Migrator>();
        services.TryAddSingleton<DataFolderLock>();
        // First of all hosted services: checks the data folder, the listen addresses and the certificate before anything
        // is created or migrated, so a start that cannot succeed changes nothing.
        services.AddHostedService<StartupPreflight>();
        // Registered next so the schema exists before any other start-up work (hosted services start in order).
        services.AddHostedService<DatabaseInitializer>();
        services.AddHostedService<PostgresStatisticsService>();
        return services;
    }
}
