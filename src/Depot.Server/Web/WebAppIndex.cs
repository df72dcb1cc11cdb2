using Microsoft.Extensions.Options;

namespace Depot.Server.Web;

/// <summary>
/// The app's <c>index.html</c> with the app's headers: for client routes, and for server routes that answer a browser's
/// navigation with the app (the link page, <c>/s/{token}</c>). <see cref="Exists"/> is false in a server-only build.
/// </summary>
internal sealed class WebAppIndex(IOptions<WebAppOptions> options)
{
    private readonly string _path = Path.Combine(options.Value.FullRoot, "index.html");

    public bool Exists => File.Exists(_path);

    public IResult Serve(HttpContext context)
    {
        WebAppHosting.Prepare(context);
        return Results.File(_path, "text/html; charset=utf-8");
    }
}
