namespace Depot.Core.Settings;

/// <summary>Server-wide settings that admins change at run time, in the metadata store (table <c>settings</c>).</summary>
public interface ISettingsStore
{
    Task<StoredSetting?> GetAsync(string name, CancellationToken cancellationToken);

    Task SetAsync(string name, string value, CancellationToken cancellationToken);
}
