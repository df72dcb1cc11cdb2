using Depot.Core.Accounts;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class AccountsHosting
{
    public static IServiceCollection AddDepotAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateAsConfigured(AccountOptions.Section);
        services.AddOptions<ThrottleOptions>().BindConfiguration(ThrottleOptions.Section).ValidateAsConfigured(ThrottleOptions.Section);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<AccountOptions>>().Value);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ThrottleOptions>>().Value);
        services.TryAddSingleton<IAccountStore, SqlAccountStore>();
        services.TryAddSingleton<SecretThrottle>();
        services.TryAddSingleton<AccountService>();
        services.TryAddSingleton<UserAdminService>();

        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Admin, p => p.RequireClaim(DepotClaims.Admin, "true"));
        // After the schema exists (DatabaseInitializer is registered earlier, and hosted services start in order).
        services.AddHostedService<AdminBootstrapper>();
        return services;
    }
}
