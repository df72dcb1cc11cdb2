using Depot.Core.Storage;
using Depot.Core.Storage.S3;
using Depot.Core.Uploads;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class UploadsHosting
{
    /// <summary>tus resumable uploads: the store, the partial store of the blob store's kind, the service, cleanup.</summary>
    public static IServiceCollection AddDepotUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadsOptions>().BindConfiguration(UploadsOptions.Section).ValidateAsConfigured(UploadsOptions.Section);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<UploadsOptions>>().Value);
        services.TryAddSingleton<IUploadStore, SqlUploadStore>();
        // Each blob store with its pair, so a finished upload becomes a blob without a copy. Local: files beside the blobs on
        // the same file system (a rename). S3: a multipart upload for the blob's own key (CompleteMultipartUpload), with a
        // client of its own; the store disposes it.
        services.TryAddSingleton<IPartialStore>(sp => sp.GetRequiredService<StorageOptions>() is { IsS3: true } storage
            ? new S3PartialStore(S3Clients.Create(storage.S3), storage.S3, sp.GetRequiredService<ILogger<S3PartialStore>>())
            : new LocalPartialStore(
                Path.Combine(sp.GetRequiredService<IOptions<DataFolderOptions>>().Value.FullPath, "uploads"),
                sp.GetRequiredService<LocalBlobStore>(), sp.GetRequiredService<StorageOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<UploadService>();
        services.TryAddSingleton<UploadCleanupJob>();
        return services;
    }
}
