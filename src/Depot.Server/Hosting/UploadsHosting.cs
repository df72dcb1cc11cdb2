using Depot.Core.Storage;
using Depot.Core.Uploads;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class UploadsHosting
{
    /// <summary>tus resumable uploads: the store, partial files under the data folder's <c>uploads/</c>, the service, cleanup.</summary>
    public static IServiceCollection AddDepotUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadsOptions>().BindConfiguration(UploadsOptions.Section).ValidateAsConfigured(UploadsOptions.Section);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<UploadsOptions>>().Value);
        services.TryAddSingleton<IUploadStore, SqlUploadStore>();
        // The local pair: beside the local blobs on the same file system, so a finished upload becomes a blob by a
        // rename. A blob store of another kind registers its own partial store with it (AddDepotFiles).
        services.TryAddSingleton<IPartialStore>(sp => new LocalPartialStore(
            Path.Combine(sp.GetRequiredService<IOptions<DataFolderOptions>>().Value.FullPath, "uploads"),
            sp.GetRequiredService<LocalBlobStore>(), sp.GetRequiredService<StorageOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<UploadService>();
        services.TryAddSingleton<UploadCleanupJob>();
        return services;
    }
}
