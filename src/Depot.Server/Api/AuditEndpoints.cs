using System.Security.Claims;
using Depot.Core.Events;
using Depot.Protocol.Audit;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary><c>/api/v1/audit</c>: the audit events the caller may read (their items and account; admins: all), newest first.</summary>
internal static class AuditEndpoints
{
    public static void MapAudit(this IEndpointRouteBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization();
        audit.MapGet("", ListAsync).WithName("ListAuditEvents");
    }

    private static async Task<Results<Ok<AuditListing>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, AuditLog audit, DateTimeOffset? from, DateTimeOffset? to, string? action, int? limit, string? cursor,
        CancellationToken cancellationToken)
    {
        var query = new AuditQuery(from, to, action, limit ?? AuditQuery.DefaultLimit, cursor);
        var result = await audit.QueryAsync(user.ToCaller(), query, cancellationToken);
        return result.IsSuccess
            ? TypedResults.Ok(new AuditListing([.. result.Value.Items.Select(ToInfo)], result.Value.NextCursor))
            : result.Error.ToProblem();
    }

    private static AuditEventInfo ToInfo(AuditEvent e) =>
        new(e.Id, e.At, e.Action, e.ActorName, e.Address, e.OwnerName, e.NodeId, e.Path, e.Details.Count == 0 ? null : e.Details);
}
