namespace Depot.Server.Observability;

/// <summary>
/// Headers every response carries, set just before the headers are sent so error pages written after an
/// exception (which clear the response) get them too. A route that sets its own value keeps it; the web app,
/// for one, brings its own Content-Security-Policy.
/// </summary>
internal static class SecurityHeaders
{
    // API responses and downloaded files never need to load or run anything, and nothing may frame us.
    private const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    // One year, without includeSubDomains or preload: Depot may share a domain with hosts it cannot speak for.
    // Browsers ignore it over a connection with certificate errors, so a self-signed start is unaffected.
    private const string StrictTransportSecurity = "max-age=31536000";

    public static IApplicationBuilder UseDepotSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.TryAdd("X-Content-Type-Options", "nosniff");
                headers.TryAdd("Referrer-Policy", "no-referrer");
                headers.TryAdd("X-Frame-Options", "DENY");
                headers.TryAdd("Content-Security-Policy", ContentSecurityPolicy);
                if (context.Request.IsHttps)
                {
                    headers.TryAdd("Strict-Transport-Security", StrictTransportSecurity);
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
}
