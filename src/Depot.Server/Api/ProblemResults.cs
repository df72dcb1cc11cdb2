using Depot.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

internal static class ProblemResults
{
    /// <summary>Turns a core error into an RFC 9457 problem with its stable <c>code</c> and mapped status.</summary>
    public static ProblemHttpResult ToProblem(this DepotError error)
    {
        var status = ErrorStatusMap.StatusFor(error.Code);
        return TypedResults.Problem(
            detail: error.Detail,
            statusCode: status,
            type: ProblemCodes.TypeFor(error.Code),
            extensions: new Dictionary<string, object?> { ["code"] = error.Code });
    }
}
