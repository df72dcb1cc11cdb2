using System.Security.Claims;
using Depot.Core.Accounts;
using Depot.Protocol.Auth;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary><c>/api/v1/me/app-passwords</c>: the caller's app passwords for WebDAV clients (list, create once-shown, revoke).</summary>
internal static class AppPasswordsEndpoints
{
    public static void MapAppPasswords(this IEndpointRouteBuilder api)
    {
        var passwords = api.MapGroup("/me/app-passwords").WithTags("Me").RequireAuthorization();
        passwords.MapGet("", ListAsync).WithName("ListAppPasswords");
        passwords.MapPost("", CreateAsync).WithName("CreateAppPassword");
        passwords.MapDelete("/{id}", RevokeAsync).WithName("RevokeAppPassword");
    }

    private static async Task<Ok<AppPasswordInfo[]>> ListAsync(ClaimsPrincipal user, AppPasswordService passwords, CancellationToken cancellationToken)
    {
        var list = await passwords.ListAsync(user.ToCaller(), cancellationToken);
        return TypedResults.Ok(list.Select(ToInfo).ToArray());
    }

    private static async Task<Results<Created<CreatedAppPassword>, ProblemHttpResult>> CreateAsync(
        CreateAppPasswordRequest body, ClaimsPrincipal user, HttpContext context, AppPasswordService passwords, CancellationToken cancellationToken)
    {
        var caller = user.ToCaller();
        var result = await passwords.CreateAsync(caller, body.Name ?? "", context.ClientAddress(), cancellationToken);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/me/app-passwords/{result.Value.Record.Id}",
                new CreatedAppPassword(caller.Username, result.Value.Secret, ToInfo(result.Value.Record)))
            : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string id, ClaimsPrincipal user, AppPasswordService passwords, CancellationToken cancellationToken)
    {
        var result = await passwords.RevokeAsync(user.ToCaller(), id, cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }

    private static AppPasswordInfo ToInfo(TokenRecord token) =>
        new(token.Id, token.Name ?? "", token.CreatedAt, token.LastUsedAt, token.CreatedFrom);
}
