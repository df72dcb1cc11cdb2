using System.Security.Claims;
using Depot.Core.Accounts.TwoFactor;
using Depot.Protocol.Auth;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary>
/// <c>/api/v1/me/two-factor</c>: the caller's two-factor sign-in (status, enrol with a QR code, confirm, disable). Open to
/// a session that must still enrol, which is what it is for.
/// </summary>
internal static class TwoFactorEndpoints
{
    public static void MapTwoFactor(this IEndpointRouteBuilder api)
    {
        var twoFactor = api.MapGroup("/me/two-factor").WithTags("Me").RequireAuthorization().AllowBeforeEnrolment();
        twoFactor.MapGet("", GetAsync).WithName("GetTwoFactor");
        twoFactor.MapPost("", StartAsync).WithName("StartTwoFactor");
        twoFactor.MapGet("/qr.svg", QrCodeAsync).WithName("GetTwoFactorQrCode");
        twoFactor.MapPost("/confirm", ConfirmAsync).WithName("ConfirmTwoFactor");
        twoFactor.MapPost("/disable", DisableAsync).WithName("DisableTwoFactor");
        twoFactor.MapPost("/recovery-codes", RegenerateRecoveryCodesAsync).WithName("RegenerateRecoveryCodes");
    }

    private static async Task<Results<Ok<TwoFactorStatus>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, TwoFactorService twoFactor, CancellationToken cancellationToken)
    {
        var result = await twoFactor.StateAsync(user.ToCaller(), cancellationToken);
        return result.IsSuccess
            ? TypedResults.Ok(new TwoFactorStatus(result.Value.Enabled, result.Value.Pending, result.Value.Required, result.Value.RecoveryCodesLeft))
            : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<TwoFactorSetup>, ProblemHttpResult>> StartAsync(
        ClaimsPrincipal user, TwoFactorService twoFactor, CancellationToken cancellationToken)
    {
        var result = await twoFactor.StartAsync(user.ToCaller(), cancellationToken);
        return result.IsSuccess
            ? TypedResults.Ok(new TwoFactorSetup(result.Value.Secret, result.Value.Uri, "/api/v1/me/two-factor/qr.svg"))
            : result.Error.ToProblem();
    }

    // Drawn here rather than by a QR service: the URI carries the secret, which must not leave the server.
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> QrCodeAsync(
        ClaimsPrincipal user, HttpContext context, TwoFactorService twoFactor, CancellationToken cancellationToken)
    {
        var result = await twoFactor.PendingUriAsync(user.ToCaller(), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(QrCodeSvg.Render(result.Value), "image/svg+xml");
    }

    private static async Task<Results<Ok<RecoveryCodesResponse>, ProblemHttpResult>> ConfirmAsync(
        ConfirmTwoFactorRequest body, ClaimsPrincipal user, TwoFactorService twoFactor, CancellationToken cancellationToken)
    {
        var result = await twoFactor.ConfirmAsync(user.ToCaller(), body.Code ?? "", cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(new RecoveryCodesResponse(result.Value)) : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DisableAsync(
        DisableTwoFactorRequest body, ClaimsPrincipal user, TwoFactorService twoFactor, CancellationToken cancellationToken)
    {
        var result = await twoFactor.DisableAsync(user.ToCaller(), body.Password ?? "", body.Code ?? "", cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<RecoveryCodesResponse>, ProblemHttpResult>> RegenerateRecoveryCodesAsync(
        RegenerateRecoveryCodesRequest body, ClaimsPrincipal user, TwoFactorService twoFactor, CancellationToken cancellationToken)
    {
        var result = await twoFactor.RegenerateRecoveryCodesAsync(user.ToCaller(), body.Password ?? "", body.Code ?? "", cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(new RecoveryCodesResponse(result.Value)) : result.Error.ToProblem();
    }
}
