using Depot.Core.Data;
using Depot.Protocol;
using Depot.Server.Api;
using Depot.Server.Auth;
using Depot.Server.Observability;
using Depot.Server.Observability.Metrics;
using Depot.Server.Overload;
using Depot.Server.Tus;
using Depot.Server.Web;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class HttpHosting
{
    public static IServiceCollection AddDepotHttp(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, DepotJsonContext.Default));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemCodes.AddCodeForStatus);
        services.AddExceptionHandler<KnownFaultHandler>();
        services.AddOpenApi("v1", OpenApiDocument.Configure);
        services.AddDepotHealth();
        services.AddDepotAntiforgery();
        services.AddDepotWebApp();
        services.AddDepotOverload();
        services.AddDepotMetrics();
        return services;
    }

    public static WebApplication UseDepotPipeline(this WebApplication app)
    {
        // Forwarded headers first, so everything after sees the client's address and scheme; request logging and
        // security headers outside the exception handler, so they cover the error responses it writes.
        app.UseDepotForwardedHeaders();
        if (app.Services.GetRequiredService<IOptions<MetadataOptions>>().Value.StrictConnectionUse)
        {
            app.Use(async (context, next) =>
            {
                using (ConnectionUse.Watch())
                {
                    await next(context);
                }
            });
        }

        app.UseMiddleware<DrainConnections>();
        app.UseMiddleware<RequestLogging>();
        app.UseDepotSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Inside the exception handler: a damaged blob found mid-read aborts the response rather than becoming a 500 trace.
        app.UseMiddleware<BlobDamageGuard>();
        // Before routing, which they change or pre-empt, and after the log and headers above, which their answers need:
        // file paths with dot segments (Kestrel would resolve them before routing) answer 400; tus applies
        // X-HTTP-Method-Override and Tus-Resumable; a Range in a unit other than bytes is dropped (RFC 9110 §14.2).
        app.UseMiddleware<RawPathGuard>();
        app.UseMiddleware<TusRequestGuard>();
        app.Use(RangeUnits.IgnoreUnknownAsync);
        app.UseRouting();
        // The web app's files need no identity, so they are served before authentication looks anything up.
        app.UseDepotWebApp();
        app.UseAuthentication();
        app.UseDepotAntiforgery();
        app.UseAuthorization();
        app.UseTwoFactorEnrolmentGate();
        // After authorization, so a request is limited as its user (also /dav's Basic users, whom authorization
        // authenticates); anonymous requests are limited by client address.
        app.UseRateLimiter();
        return app;
    }
}
