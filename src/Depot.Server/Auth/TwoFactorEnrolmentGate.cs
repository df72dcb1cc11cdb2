using Depot.Core;
using Depot.Protocol;
using Depot.Server.Api;

namespace Depot.Server.Auth;

/// <summary>
/// When an admin requires two-factor sign-in of an account that has not enrolled, its sign-in session may only reach
/// endpoints marked <see cref="AllowedBeforeEnrolment"/> (its account, enrolment, sign-out); everything else answers 403
/// <c>two_factor_enrolment_required</c>, so the web app and the CLI can say what to do.
/// </summary>
internal static class TwoFactorEnrolmentGate
{
    public static IApplicationBuilder UseTwoFactorEnrolmentGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.HasClaim(DepotClaims.MustEnrol, "true")
                && context.GetEndpoint()?.Metadata.GetMetadata<AllowedBeforeEnrolment>() is null)
            {
                await new DepotError(ErrorCodes.TwoFactorEnrolmentRequired,
                    "An administrator requires two-factor sign-in for this account: turn it on in Settings first.").ToProblem().ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    /// <summary>Opens an endpoint to a session that still has to enrol.</summary>
    public static TBuilder AllowBeforeEnrolment<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AllowedBeforeEnrolment.Instance);
}

