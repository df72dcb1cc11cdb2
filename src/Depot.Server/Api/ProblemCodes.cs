using Depot.Protocol;
using Depot.Server.Observability;

namespace Depot.Server.Api;

/// <summary>
/// Gives every problem document a <c>type</c> URI and a <c>code</c>, including the ones the framework writes
/// itself (unknown route, 401 from authentication, 413 from Kestrel, unhandled exceptions).
/// </summary>
internal static class ProblemCodes
{
    public const string RetryAfterExtension = "retryAfter";

    public static string TypeFor(string code) => $"https://depot.dev/problems/{code.Replace('_', '-')}";

    public static void AddCodeForStatus(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (!problem.Extensions.ContainsKey("code"))
        {
            var code = problem.Status switch
            {
                StatusCodes.Status400BadRequest => ErrorCodes.InvalidRequest,
                StatusCodes.Status401Unauthorized => ErrorCodes.Unauthenticated,
                StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
                StatusCodes.Status404NotFound => ErrorCodes.NotFound,
                StatusCodes.Status405MethodNotAllowed => ErrorCodes.InvalidRequest,
                StatusCodes.Status408RequestTimeout => ErrorCodes.RequestTimeout,
                StatusCodes.Status413PayloadTooLarge => ErrorCodes.PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
                StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
                StatusCodes.Status503ServiceUnavailable => ErrorCodes.Overloaded,
                StatusCodes.Status507InsufficientStorage => ErrorCodes.InsufficientStorage,
                >= 400 and < 500 => ErrorCodes.InvalidRequest,
                _ => ErrorCodes.InternalError,
            };
            problem.Extensions["code"] = code;
            problem.Type = TypeFor(code);
        }

        if (problem.Extensions.TryGetValue(RetryAfterExtension, out var seconds) && seconds is int wait)
        {
            context.HttpContext.Response.Headers.RetryAfter = ProblemResults.Seconds(wait);
        }

        if (problem.Extensions.TryGetValue("code", out var written) && written is string stable)
        {
            ResponseErrorCode.Set(context.HttpContext, stable);
        }

        problem.Extensions.Remove("traceId");
        problem.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
    }
}
