using Depot.Core.Events;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class EventsHosting
{
    public static IServiceCollection AddDepotEvents(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateAsConfigured(AuditOptions.Section);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<AuditOptions>>().Value);
        services.TryAddSingleton<IAuditStore, SqlAuditStore>();
        services.TryAddSingleton<AuditLog>();

        // Puts the client address on every authenticated principal, whichever scheme signed it in, so Caller.Address
        // (and with it every audit event) carries it without each endpoint passing it along.
        services.AddHttpContextAccessor();
        services.AddSingleton<IClaimsTransformation, AddressClaimsTransformation>();
        return services;
    }
}
