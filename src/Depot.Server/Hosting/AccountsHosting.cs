namespace Depot.Server.Hosting;

internal static class AccountsHosting
{
    public static IServiceCollection AddDepotAccounts(this IServiceCollection services)
    {
        services.AddAuthentication();
        services.AddAuthorization();
        return services;
    }
}
