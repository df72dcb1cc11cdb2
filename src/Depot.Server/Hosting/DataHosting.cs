using Depot.Core.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class DataHosting
{
    public static IServiceCollection AddDepotData(this IServiceCollection services)
    {
        services.AddOptions<DataFolderOptions>().BindConfiguration(DataFolderOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDatabase>(sp =>
        {
            var folder = sp.GetRequiredService<IOptions<DataFolderOptions>>().Value.FullPath;
            Directory.CreateDirectory(folder);
            return new SqliteDatabase(Path.Combine(folder, "depot.db"));
        });
        services.TryAddSingleton<Migrator>();
        // Registered first so the schema exists before any other start-up work (hosted services start in order).
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }
}
