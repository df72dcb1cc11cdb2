using Depot.Server.Api;

namespace Depot.Server.Overload;

internal static class HeavyRequestFilter
{
    /// <summary>Counts the endpoints against <see cref="HeavyRequests"/>: past the bound they answer 503 <c>server_busy</c>.</summary>
    public static TBuilder RequireHeavySlot<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var slot = context.RequestServices.GetRequiredService<HeavyRequests>().TryEnter(context);
            return slot.IsSuccess ? await next(invocation) : slot.Error.ToProblem();
        });
}
