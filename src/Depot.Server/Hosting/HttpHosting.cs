using Depot.Protocol;
using Depot.Server.Api;

namespace Depot.Server.Hosting;

internal static class HttpHosting
{
    public static IServiceCollection AddDepotHttp(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, DepotJsonContext.Default));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemCodes.AddCodeForStatus);
        services.AddOpenApi("v1");
        return services;
    }

    public static WebApplication UseDepotPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
