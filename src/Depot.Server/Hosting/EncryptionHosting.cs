using Depot.Core.Storage;
using Depot.Core.Storage.Encryption;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class EncryptionHosting
{
    /// <summary>
    /// Encryption at rest when <c>Depot:Encryption:Enabled</c>: the layer over the raw store (so <see cref="IBlobStore"/> is
    /// the encrypted store everywhere), and the start-up check that the key opens the stored content. Before
    /// <c>AddDepotFiles</c>, whose plain layer is only a default.
    /// </summary>
    public static IServiceCollection AddDepotEncryption(this IServiceCollection services)
    {
        services.AddOptions<EncryptionOptions>().BindConfiguration(EncryptionOptions.Section);
        services.TryAddSingleton<IBlobStoreLayer>(sp => sp.GetRequiredService<IOptions<EncryptionOptions>>().Value is { Enabled: true } options
            ? new EncryptionBlobStoreLayer(EncryptionKeyLoader.Load(options, sp.GetRequiredService<IOptions<DataFolderOptions>>().Value.FullPath))
            : new PlainBlobStoreLayer());
        services.AddHostedService<EncryptionKeyCheck>();
        return services;
    }
}
