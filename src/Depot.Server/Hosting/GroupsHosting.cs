using Depot.Core.Groups;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Depot.Server.Hosting;

internal static class GroupsHosting
{
    public static IServiceCollection AddDepotGroups(this IServiceCollection services)
    {
        services.TryAddSingleton<IGroupStore, SqlGroupStore>();
        services.TryAddSingleton<GroupService>();
        return services;
    }
}
