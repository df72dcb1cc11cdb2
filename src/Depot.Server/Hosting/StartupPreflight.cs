using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// The first thing a start does, before any hosted service creates or migrates anything: the data folder, every listen
/// address and the TLS certificate are checked, so a start that cannot succeed leaves no trace (in particular, no admin
/// account whose one-time password was printed by a server that then died). Each failure is one
/// <see cref="StartupRefusedException"/> sentence naming the option or path.
/// </summary>
internal sealed class StartupPreflight(IOptions<DataFolderOptions> data, IOptions<MetadataOptions> metadata, IConfiguration configuration, IOptions<ProxyOptions> proxy,
    CertificateProvider certificates, DataFolderLock folderLock, ILogger<StartupPreflight> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var folder = FolderPath();
        var addresses = ListenAddressRule.Configured(configuration) is { Count: > 0 } configured ? configured : [ListenAddressRule.DefaultUrl];
        ListenAddressGuard.Check(addresses, proxy.Value);
        foreach (var address in addresses)
        {
            if (PortProbe.Problem(address) is { } problem)
            {
                throw new StartupRefusedException(problem);
            }
        }

        var created = DataFolder.Prepare(folder, logger);
        try
        {
            // One server per SQLite data folder: its caches and maintenance (orphan collection, upload leases) assume it, and
            // migrate-metadata relies on it to know that nobody writes while it copies. Held until the host stops.
            if (!metadata.Value.IsPostgres && !folderLock.TryAcquire(folder))
            {
                throw new StartupRefusedException(DataFolderLock.InUse(folder));
            }

            if (addresses.Any(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
            {
                _ = certificates.Certificate; // loads the configured one, or makes the self-signed one: both can fail
            }

            if (!metadata.Value.IsPostgres)
            {
                DataFolder.PrepareDatabaseFile(data.Value.DatabasePath);
            }
        }
        catch
        {
            // A folder made by this failed start is taken back whole, its lock file included: nobody else can know it yet.
            folderLock.Release(deleteFile: created);
            if (created)
            {
                TryRemoveEmpty(folder);
            }

            throw;
        }

        return Task.CompletedTask;
    }

    private string FolderPath()
    {
        try
        {
            return data.Value.FullPath;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new StartupRefusedException($"Depot:DataPath '{data.Value.DataPath}' is not a valid path ({e.Message}).");
        }
    }

    private static void TryRemoveEmpty(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: false);
        }
        catch (IOException)
        {
            // Not empty any more (the self-signed certificate was written): leave it.
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        folderLock.Release();
        return Task.CompletedTask;
    }
}
