using System.Xml.Linq;
using Depot.Core.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// Data-protection keys live in Depot's metadata store, not in <c>~/.aspnet/DataProtection-Keys</c>: a backup of the data
/// folder carries them (signed-in browsers survive a restore or a move to another machine), and with several nodes every
/// node reads the same ring. They are stored unencrypted, like the default file repository on Linux; the database is
/// readable by the server's account only.
/// </summary>
internal static class DataProtectionHosting
{
    public static IServiceCollection AddDepotDataProtection(this IServiceCollection services)
    {
        services.AddSingleton<SqlKeyRingStore>();
        // One application name for every node and every install path: the default derives it from the content root.
        services.AddDataProtection().SetApplicationName("depot");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new StoreXmlRepository(sp.GetRequiredService<SqlKeyRingStore>())));
        return services;
    }

    /// <summary>
    /// The framework's repository interface is synchronous; it is called when the key ring is first needed and about
    /// once a day after that, so blocking on the store here costs nothing that matters.
    /// </summary>
    private sealed class StoreXmlRepository(SqlKeyRingStore store) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() =>
            [.. store.ListAsync(CancellationToken.None).GetAwaiter().GetResult().Select(xml => XElement.Parse(xml))];

        public void StoreElement(XElement element, string friendlyName) =>
            store.AddAsync($"{friendlyName}-{Guid.NewGuid():N}", element.ToString(SaveOptions.DisableFormatting), CancellationToken.None)
                .GetAwaiter().GetResult();
    }
}
