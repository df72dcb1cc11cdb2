namespace Depot.Server.Api;

/// <summary>
/// RFC 9110 §14.2: a server ignores a Range header in a unit it does not understand and answers the whole content (200).
/// ASP.NET Core's range processing reads any unit as bytes (<c>Range: items=0-1</c> became a 206 of two bytes), so a
/// Range whose unit is not <c>bytes</c> is removed before any endpoint sees it.
/// </summary>
internal static class RangeUnits
{
    public static Task IgnoreUnknownAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Request.Headers;
        if (headers.Range.Count > 0 && !headers.Range.All(IsBytes))
        {
            headers.Remove("Range");
            headers.Remove("If-Range"); // meaningless without the Range it conditions
        }

        return next(context);
    }

    private static bool IsBytes(string? value) =>
        value is not null && value.TrimStart().StartsWith("bytes=", StringComparison.OrdinalIgnoreCase);
}
