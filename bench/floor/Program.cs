// The framework's floor under issue 13's small-file rows (bench/floor.sh): Kestrel and ASP.NET Core's minimal APIs doing
// what nginx does in bench/run.sh, and nothing else. GET answers a file of the folder given as --root from the disk,
// PUT writes the body to a new file there (no fsync, as nginx). No authentication, no database, no logging: whatever
// Depot costs on top of this app is Depot's own. Loopback only; a path that leaves the folder is 404.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var root = Path.GetFullPath(builder.Configuration["root"] ?? throw new InvalidOperationException("--root FOLDER is required"));
var app = builder.Build();

app.MapGet("/{**path}", (string path) => Inside(root, path) is { } file && File.Exists(file)
    ? Results.File(file, "application/octet-stream")
    : Results.NotFound());

app.MapPut("/{**path}", async (string path, HttpRequest request) =>
{
    if (Inside(root, path) is not { } file)
    {
        return Results.NotFound();
    }

    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
    await using (var target = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
    {
        await request.Body.CopyToAsync(target, request.HttpContext.RequestAborted);
    }

    return Results.Created();
});

app.Run();

static string? Inside(string root, string path)
{
    var full = Path.GetFullPath(Path.Combine(root, path));
    return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
}
