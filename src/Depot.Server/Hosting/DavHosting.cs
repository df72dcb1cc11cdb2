using Depot.Core.Accounts;
using Depot.Core.Files.Properties;
using Depot.Core.Locks;
using Depot.Server.Dav;
using Depot.Server.Dav.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class DavHosting
{
    /// <summary>WebDAV: locks, dead properties, app passwords and the Basic-or-bearer authentication scheme of <c>/dav</c>.</summary>
    public static IServiceCollection AddDepotDav(this IServiceCollection services)
    {
        services.AddOptions<LockOptions>().BindConfiguration(LockOptions.Section).ValidateAsConfigured(LockOptions.Section);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<LockOptions>>().Value);
        services.TryAddSingleton<ILockStore, SqlLockStore>();
        services.TryAddSingleton<LockService>();
        services.TryAddSingleton<IPropertyStore, SqlPropertyStore>();
        services.TryAddSingleton<PropertyService>();
        services.TryAddSingleton<AppPasswordService>();
        services.TryAddSingleton<BasicAuthenticator>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, DavAuthenticationHandler>(DavAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(DavEndpoints.Policy, p => p.AddAuthenticationSchemes(DavAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return services;
    }
}
