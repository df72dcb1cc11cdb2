using System.Globalization;
using Depot.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

internal static class ProblemResults
{
    /// <summary>Turns a core error into an RFC 9457 problem with its stable <c>code</c> and mapped status.</summary>
    public static ProblemHttpResult ToProblem(this DepotError error)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.RetryAfter is { } wait)
        {
            // ProblemCodes turns this into the Retry-After header as the document is written.
            extensions[ProblemCodes.RetryAfterExtension] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        }

        return TypedResults.Problem(
            detail: error.Detail,
            statusCode: ErrorStatusMap.StatusFor(error.Code),
            type: ProblemCodes.TypeFor(error.Code),
            extensions: extensions);
    }

    public static string Seconds(int seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}
