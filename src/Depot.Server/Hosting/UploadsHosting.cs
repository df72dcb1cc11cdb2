using Depot.Core.Storage;
using Depot.Core.Storage.Encryption;
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
        services.TryAddSingleton<IPartialStore>(sp =>
        {
            var uploads = Path.Combine(sp.GetRequiredService<IOptions<DataFolderOptions>>().Value.FullPath, "uploads");
            var storage = sp.GetRequiredService<StorageOptions>();
            var clock = sp.GetRequiredService<TimeProvider>();
            if (sp.GetRequiredService<IBlobStore>() is InlineBlobStore { Inner: EncryptedBlobStore encrypted })
            {
                // Encryption at rest: each part is sealed as it arrives (in the data folder, or in the bucket where any node
                // continues it), and a finished upload is streamed from them into the store, so no plaintext is ever at
                // rest (an S3 multipart upload would put it in the bucket).
                IPartFolders parts = storage.IsS3
                    ? new S3PartFolders(S3Clients.Create(storage.S3), storage.S3, sp.GetRequiredService<ILogger<S3PartFolders>>())
                    : new LocalPartFolders(Path.Combine(uploads, "encrypted"), storage, clock);
                return new EncryptedPartialStore(parts, encrypted);
            }

            return storage.IsS3
                ? new S3PartialStore(S3Clients.Create(storage.S3), storage.S3, sp.GetRequiredService<ILogger<S3PartialStore>>())
                : new LocalPartialStore(uploads, sp.GetRequiredService<LocalBlobStore>(), storage, clock);
        });
        services.TryAddSingleton<UploadService>();
        services.TryAddSingleton<UploadCleanupJob>();
        return services;
    }
}
