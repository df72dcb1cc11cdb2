using System.Security.Claims;
using Depot.Core.Sharing;
using Depot.Protocol.Sharing;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary><c>/api/v1/contacts?q=</c>: who to suggest in the share dialog, from the caller's own shares and groups only.</summary>
internal static class ContactsEndpoints
{
    public static void MapContacts(this IEndpointRouteBuilder api) =>
        api.MapGet("/contacts", SuggestAsync).WithTags("Sharing").RequireAuthorization().WithName("SuggestContacts");

    private static async Task<Results<Ok<ShareContact[]>, ProblemHttpResult>> SuggestAsync(
        string? q, ClaimsPrincipal user, ShareContacts contacts, CancellationToken cancellationToken)
    {
        var result = await contacts.SuggestAsync(user.ToCaller(), q, cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(result.Value.Select(n => new ShareContact(n)).ToArray()) : result.Error.ToProblem();
    }
}
