using Depot.Core.Accounts;
using Depot.Core.Accounts.Passkeys;
using Depot.Core.Accounts.TwoFactor;
using Depot.Core.Cluster;
using Depot.Core.Data;
using Depot.Core.Settings;
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
        // Several nodes share PostgreSQL: evictions travel over LISTEN/NOTIFY, and failure counts live in the database
        // so the brute-force limit holds across nodes. One process (SQLite) keeps both in memory: exact there, and no
        // write through SQLite's single writer on the sign-in path.
        services.TryAddSingleton<ClusterSignal>(sp => sp.GetRequiredService<IDatabase>() is PostgresDatabase postgres
            ? new PostgresClusterSignal(postgres, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgresClusterSignal>>())
            : new LocalClusterSignal());
        services.TryAddSingleton<IThrottleStore>(sp => sp.GetRequiredService<IDatabase>() is PostgresDatabase postgres
            ? new SqlThrottleStore(postgres)
            : new MemoryThrottleStore());
        services.TryAddSingleton<IAccountStore>(sp => new SqlAccountStore(sp.GetRequiredService<IDatabase>(), sp.GetRequiredService<ClusterSignal>()));
        services.TryAddSingleton<SecretThrottle>();
        services.TryAddSingleton<ITwoFactorStore>(sp => new SqlTwoFactorStore(sp.GetRequiredService<IDatabase>()));
        services.TryAddSingleton<IPasskeyStore>(sp => new SqlPasskeyStore(sp.GetRequiredService<IDatabase>()));
        services.TryAddSingleton<ISettingsStore>(sp => new SqlSettingsStore(sp.GetRequiredService<IDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<TwoFactorService>();
        services.TryAddSingleton<AccountService>();
        services.TryAddSingleton<PasskeyCeremonies>();
        services.TryAddSingleton<PasskeyService>();
        services.TryAddSingleton<PasskeySignInService>();
        services.AddOptions<PasskeyOptions>().BindConfiguration(PasskeyOptions.Section);
        services.TryAddSingleton<PasskeyParties>();
        services.TryAddSingleton<UserAdminService>();

        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Admin, p => p.RequireClaim(DepotClaims.Admin, "true"));
        // After the schema exists (DatabaseInitializer is registered earlier, and hosted services start in order).
        services.AddHostedService<AdminBootstrapper>();
        services.AddHostedService<ClusterSignalService>();
        return services;
    }
}
