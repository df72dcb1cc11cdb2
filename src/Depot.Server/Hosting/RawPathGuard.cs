using Depot.Server.Api;
using Microsoft.AspNetCore.Http.Features;

namespace Depot.Server.Hosting;

/// <summary>
/// Kestrel removes dot segments before routing, so <c>/api/v1/files/a/../../me</c> would reach another endpoint
/// and <c>/api/v1/files/%2e%2e</c> none at all. This checks the raw target of every path-addressed files route
/// first and answers the same 400 problem the endpoints would (<c>invalid_name</c> / <c>invalid_path</c>).
/// </summary>
internal sealed class RawPathGuard(RequestDelegate next)
{
    private static readonly string[] Prefixes = ["/api/v1/files", "/api/v1/folders", "/api/v1/nodes", "/api/v1/versions", "/api/v1/archives"];

    public async Task InvokeAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (IsFilesRoute(raw) && RequestPath.Parse(raw, prefixSegments: 3) is { IsSuccess: false } invalid)
        {
            await invalid.Error.ToProblem().ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    // Runs for every request: compares in place rather than building "prefix/" strings and a closure each time.
    private static bool IsFilesRoute(string raw)
    {
        foreach (var prefix in Prefixes)
        {
            if (raw.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (raw.Length == prefix.Length || raw[prefix.Length] == '/'))
            {
                return true;
            }
        }

        return false;
    }
}
