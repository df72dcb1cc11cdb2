using System.Security.Claims;
using Depot.Core.Accounts.TwoFactor;
using Depot.Protocol.Admin;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary><c>/api/v1/settings</c>: server-wide settings admins change at run time (today: who must use two-factor sign-in).</summary>
internal static class SettingsEndpoints
{
    public static void MapSettings(this IEndpointRouteBuilder api)
    {
        var settings = api.MapGroup("/settings").WithTags("Admin").RequireAuthorization(AuthPolicies.Admin);
        settings.MapGet("/two-factor", GetTwoFactorAsync).WithName("GetTwoFactorSettings");
        settings.MapPut("/two-factor", SetTwoFactorAsync).WithName("SetTwoFactorSettings");
    }

    private static async Task<Ok<TwoFactorSettings>> GetTwoFactorAsync(TwoFactorService twoFactor, CancellationToken cancellationToken) =>
        TypedResults.Ok(new TwoFactorSettings(await twoFactor.RequirementAsync(cancellationToken)));

    private static async Task<Results<Ok<TwoFactorSettings>, ProblemHttpResult>> SetTwoFactorAsync(
        TwoFactorSettings body, ClaimsPrincipal user, TwoFactorService twoFactor, CancellationToken cancellationToken)
    {
        var result = await twoFactor.SetRequirementAsync(user.ToCaller(), body.Require ?? "", cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(new TwoFactorSettings(result.Value)) : result.Error.ToProblem();
    }
}
