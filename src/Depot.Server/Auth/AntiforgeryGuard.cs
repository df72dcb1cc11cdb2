using Depot.Core;
using Depot.Protocol;
using Depot.Server.Api;
using Microsoft.AspNetCore.Antiforgery;

namespace Depot.Server.Auth;

/// <summary>
/// The one place antiforgery is enforced: a state-changing request that the session cookie authenticated must carry
/// the request token from <c>GET /api/v1/auth/antiforgery</c> in <see cref="HeaderName"/>. Bearer requests are
/// exempt: a browser never adds an Authorization header to a cross-site request by itself, so they cannot be forged.
/// </summary>
internal static class AntiforgeryGuard
{
    public const string HeaderName = "X-CSRF-TOKEN";

    // Not __Host-: the framework refuses an always-Secure antiforgery cookie on plain HTTP, which Depot allows on
    // loopback. It is Secure whenever the request is HTTPS; its secret alone is worthless (tokens bind to the session).
    public const string CookieName = "depot-csrf";

    public static IServiceCollection AddDepotAntiforgery(this IServiceCollection services) =>
        services.AddAntiforgery(o =>
        {
            o.HeaderName = HeaderName;
            o.Cookie.Name = CookieName;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.SuppressXFrameOptionsHeader = true;   // SecurityHeaders already sends DENY
        });

    public static IApplicationBuilder UseDepotAntiforgery(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (NeedsToken(context) && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                await new DepotError(ErrorCodes.AntiforgeryFailed,
                    $"A request authenticated by the session cookie must carry a valid {HeaderName} header.").ToProblem().ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    private static bool NeedsToken(HttpContext context)
    {
        var method = context.Request.Method;
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
        return !safe
            && context.User.HasClaim(DepotClaims.Via, SessionCookie.Via)
            && context.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: false };
    }
}
