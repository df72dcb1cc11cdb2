using Depot.Core.Backups;
using Depot.Core.Changes;
using Depot.Core.Data;
using Depot.Core.Favourites;
using Depot.Core.Files;
using Depot.Core.Sharing;
using Depot.Core.Jobs;
using Depot.Core.Storage;
using Depot.Core.Storage.S3;
using Depot.Core.Thumbnails;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class FilesHosting
{
    public static IServiceCollection AddDepotFiles(this IServiceCollection services)
    {
        services.AddFeatureOptions<StorageOptions>(StorageOptions.Section);
        services.AddFeatureOptions<VersionOptions>(VersionOptions.Section);
        services.AddFeatureOptions<TrashOptions>(TrashOptions.Section);
        services.AddFeatureOptions<MaintenanceOptions>(MaintenanceOptions.Section);
        services.AddFeatureOptions<ScrubOptions>(ScrubOptions.Section);
        services.AddFeatureOptions<ChangeOptions>(ChangeOptions.Section);
        services.AddFeatureOptions<ThumbnailOptions>(ThumbnailOptions.Section);

        services.TryAddSingleton<IFileStore, SqlFileStore>();
        // Registered as itself too: the local partial store (AddDepotUploads) completes uploads into its folder.
        services.TryAddSingleton(sp => new LocalBlobStore(
            Path.Combine(sp.GetRequiredService<IOptions<DataFolderOptions>>().Value.FullPath, "blobs"),
            sp.GetRequiredService<StorageOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddKeyedSingleton<IBlobStore>(IBlobStoreLayer.RawKey, (sp, _) => sp.GetRequiredService<StorageOptions>() is { IsS3: true } storage
            ? new S3BlobStore(S3Clients.Create(storage.S3), storage.S3, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<S3BlobStore>>())
            : sp.GetRequiredService<LocalBlobStore>());
        services.TryAddSingleton<IBlobStoreLayer, PlainBlobStoreLayer>();
        // Small files go into the metadata store, except with encryption at rest, which seals content in the blob store
        // only; reads of content kept inline before work either way.
        services.TryAddSingleton<IBlobStore>(sp =>
        {
            var layer = sp.GetRequiredService<IBlobStoreLayer>();
            return new InlineBlobStore(layer.Wrap(sp.GetRequiredKeyedService<IBlobStore>(IBlobStoreLayer.RawKey)), sp.GetRequiredService<IDatabase>(),
                layer is PlainBlobStoreLayer ? sp.GetRequiredService<StorageOptions>().InlineMaxBytes : 0, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<IBlobHealthStore, SqlBlobHealthStore>();
        services.TryAddSingleton<BlobHealth>();
        services.TryAddSingleton<BlobScrubber>();
        services.TryAddSingleton<ScrubRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ScrubRunner>());
        services.TryAddSingleton<FileService>();
        services.TryAddSingleton<FolderService>();
        services.TryAddSingleton<ListingDetails>();
        services.TryAddSingleton<SqlFavouriteStore>();
        services.TryAddSingleton<FavouriteService>();
        services.TryAddSingleton<MoveService>();
        services.TryAddSingleton<TrashService>();
        services.TryAddSingleton<VersionService>();
        services.TryAddSingleton<MaintenanceJob>();
        // The backup lease and records (depot-server backup writes them): the last backup for the metrics.
        services.TryAddSingleton<BackupRecords>();
        services.TryAddSingleton<SearchService>();
        services.TryAddSingleton<ArchiveService>();
        services.TryAddSingleton<SqlShareStore>();
        services.TryAddSingleton<ShareService>();
        services.TryAddSingleton<ShareContacts>();
        services.TryAddSingleton<SqlLinkStore>();
        services.TryAddSingleton<LinkService>();
        services.TryAddSingleton<ChangeFeed>();
        services.TryAddSingleton<SqlThumbnailStore>();
        services.TryAddSingleton<ThumbnailService>();

        // After DatabaseInitializer (hosted services start in registration order), so the schema exists.
        services.TryAddSingleton<MaintenanceStatus>();
        services.AddHostedService<MaintenanceService>();
        return services;
    }

    /// <summary>Binds and validates an options class at start-up and registers the object itself, which core services take.</summary>
    private static void AddFeatureOptions<T>(this IServiceCollection services, string section)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateAsConfigured(section);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }
}
