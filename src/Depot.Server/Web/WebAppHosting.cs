using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Depot.Server.Web;

/// <summary>
/// Serves the web app (built from <c>web/</c>) at <c>/</c>: hashed assets cached for a year, <c>index.html</c> revalidated
/// every time, and client routes falling back to <c>index.html</c>, never the server's own prefixes.
/// </summary>
internal static class WebAppHosting
{
    // The app is a separate client of the public API: script only from our own files, no inline script or style, no
    // plugins, no framing of the app; frames only of our own responses (a PDF inline in the preview, which carries its own
    // policy); require-trusted-types-for makes any HTML-string sink (innerHTML) throw unless it went through a policy
    // (the one Markdown policy, web/src/util/markdown.ts, sanitises with DOMPurify).
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; connect-src 'self'; " +
        "font-src 'self'; manifest-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'; " +
        "require-trusted-types-for 'script'";

    private static readonly string[] ServerPrefixes = ["/api", "/openapi", "/healthz", "/readyz", "/metrics", "/dav", "/s/"];

    public static IServiceCollection AddDepotWebApp(this IServiceCollection services)
    {
        services.AddOptions<WebAppOptions>().BindConfiguration(WebAppOptions.Section);
        services.AddSingleton<WebAppIndex>();
        return services;
    }

    public static WebApplication UseDepotWebApp(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<IOptions<WebAppOptions>>().Value.FullRoot;
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            // A server-only build (-p:SkipWebBuild=true): the API works, "/" answers 404.
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = c => Prepare(c.Context) });
        // GET and HEAD only: a fallback for every method would win over API routes that a matcher policy rejects
        // (an upload's Content-Type against Accepts metadata), turning their 415 into this 404. Paths with a dot are
        // files (a missing asset must be a 404, not HTML), except under /files/, where folder names ("v1.2") have dots.
        // A route that matches makes the static-file middleware step aside, so /assets/ never matches one.
        app.MapMethods("{*path:nonfile}", [HttpMethods.Get, HttpMethods.Head], Index)
            .WithOrder(int.MaxValue).ExcludeFromDescription();
        app.MapMethods("/files/{**path}", [HttpMethods.Get, HttpMethods.Head], Index)
            .WithOrder(int.MaxValue).ExcludeFromDescription();
        return app;
    }

    private static IResult Index(HttpContext context, WebAppIndex index)
    {
        var path = context.Request.Path.Value ?? "/";
        if (ServerPrefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase) || path.Equals(p.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
        {
            return Results.NotFound();
        }

        return index.Serve(context);
    }

    internal static void Prepare(HttpContext context)
    {
        var headers = context.Response.Headers;
        var path = context.Request.Path.Value ?? "";
        // Vite puts a content hash in every name under /assets/, so a new build has new names and old ones never change.
        headers.CacheControl = path.StartsWith("/assets/", StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
    }
}
