using System.Net.Http.Headers;

namespace Depot.Client.Http;

/// <summary>Reads <c>Retry-After</c> (RFC 9110 §10.2.3): delay-seconds or an HTTP date.</summary>
internal static class RetryAfter
{
    public static TimeSpan? Parse(RetryConditionHeaderValue? value, DateTimeOffset now)
    {
        if (value?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (value?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    public static TimeSpan? Parse(string? value, DateTimeOffset now) =>
        RetryConditionHeaderValue.TryParse(value, out var parsed) ? Parse(parsed, now) : null;
}
