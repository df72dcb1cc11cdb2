namespace Depot.Server.Observability;

/// <summary>
/// The stable error code of the problem document a response carried, kept on the request for its log line: the status
/// alone does not say which 404 or 409 it was.
/// </summary>
internal static class ResponseErrorCode
{
    private static readonly object Key = new();

    public static void Set(HttpContext context, string code) => context.Items[Key] = code;

    public static string? Get(HttpContext context) =>
        context.Items.TryGetValue(Key, out var code) ? code as string : null;
}
