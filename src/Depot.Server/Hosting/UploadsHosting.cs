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
        // Beside the blobs on the same file system, so a finished upload becomes a blob by a rename.
        services.TryAddSingleton<IPartialStore>(sp => new LocalPartialStore(
            Path.Combine(sp.GetRequiredService<IOptions<DataFolderOptions>>().Value.FullPath, "uploads"),
            sp.GetRequiredService<IBlobStore>() as LocalBlobStore ?? LocalBlobsFor(sp), sp.GetRequiredService<StorageOptions>()));
        services.TryAddSingleton<UploadService>();
        services.TryAddSingleton<UploadCleanupJob>();
        return services;
    }

    // With the s3 provider, tus keeps its local partial folder until uploads learn to finish into any blob store (issue
    // 11, partial uploads): only so that the server starts. A finished tus upload then lands in the local folder.
    private static LocalBlobStore LocalBlobsFor(IServiceProvider sp) => new(
        Path.Combine(sp.GetRequiredService<IOptions<DataFolderOptions>>().Value.FullPath, "blobs"),
        sp.GetRequiredService<StorageOptions>(), sp.GetRequiredService<TimeProvider>());
}
