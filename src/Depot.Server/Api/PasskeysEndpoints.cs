using System.Security.Claims;
using System.Text.Json;
using Depot.Core.Accounts.Passkeys;
using Depot.Protocol.Auth;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary>
/// <c>/api/v1/me/passkeys</c>: the caller's passkeys (list, add, rename, remove). Adding is open to a session that must
/// still enrol a second factor, since a passkey is one.
/// </summary>
internal static class PasskeysEndpoints
{
    public static void MapPasskeys(this IEndpointRouteBuilder api)
    {
        var passkeys = api.MapGroup("/me/passkeys").WithTags("Me").RequireAuthorization();
        passkeys.MapGet("", ListAsync).AllowBeforeEnrolment().WithName("ListPasskeys");
        passkeys.MapPost("/registration", BeginAsync).AllowBeforeEnrolment().WithName("BeginPasskeyRegistration");
        passkeys.MapPost("", AddAsync).AllowBeforeEnrolment().WithName("AddPasskey");
        passkeys.MapPatch("/{id}", RenameAsync).WithName("RenamePasskey");
        passkeys.MapPost("/{id}/remove", RemoveAsync).WithName("RemovePasskey");
    }

    private static async Task<Ok<PasskeyInfo[]>> ListAsync(ClaimsPrincipal user, PasskeyService passkeys, CancellationToken cancellationToken)
    {
        var list = await passkeys.ListAsync(user.ToCaller(), cancellationToken);
        return TypedResults.Ok(list.Select(ToInfo).ToArray());
    }

    private static async Task<Results<Ok<PasskeyCeremonyResponse>, ProblemHttpResult>> BeginAsync(
        ClaimsPrincipal user, HttpContext context, PasskeyService passkeys, PasskeyParties parties, CancellationToken cancellationToken)
    {
        var result = await passkeys.BeginRegistrationAsync(user.ToCaller(), parties.For(context.Request), cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(ToResponse(result.Value, false)) : result.Error.ToProblem();
    }

    private static async Task<Results<Created<PasskeyInfo>, ProblemHttpResult>> AddAsync(
        AddPasskeyRequest body, ClaimsPrincipal user, HttpContext context, PasskeyService passkeys, PasskeyParties parties,
        CancellationToken cancellationToken)
    {
        var result = await passkeys.FinishRegistrationAsync(user.ToCaller(), parties.For(context.Request), body.ChallengeId ?? "", body.Name ?? "",
            body.Credential.GetRawText(), cancellationToken);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/me/passkeys/{result.Value.Id}", ToInfo(result.Value))
            : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<PasskeyInfo>, ProblemHttpResult>> RenameAsync(
        string id, RenamePasskeyRequest body, ClaimsPrincipal user, PasskeyService passkeys, CancellationToken cancellationToken)
    {
        var result = await passkeys.RenameAsync(user.ToCaller(), id, body.Name ?? "", cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(ToInfo(result.Value)) : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        string id, RemovePasskeyRequest body, ClaimsPrincipal user, PasskeyService passkeys, CancellationToken cancellationToken)
    {
        var result = await passkeys.RemoveAsync(user.ToCaller(), id, body.Password ?? "", cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }

    public static PasskeyCeremonyResponse ToResponse(PasskeyCeremony ceremony, bool? codeAccepted)
    {
        using var options = JsonDocument.Parse(ceremony.Options);
        return new PasskeyCeremonyResponse(ceremony.ChallengeId, options.RootElement.Clone(), codeAccepted);
    }

    private static PasskeyInfo ToInfo(PasskeyRecord passkey) => new(passkey.Id, passkey.Name, passkey.CreatedAt, passkey.LastUsedAt);
}
