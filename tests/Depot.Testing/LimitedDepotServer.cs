using System.Net;

namespace Depot.Testing;

/// <summary>
/// A server with tiny overload limits, for tests of 429 and 503: each user and each anonymous address gets a burst of
/// <see cref="Burst"/> requests and then one a second; one heavy request (zip, search) at a time, busy answers asking
/// for <see cref="BusyRetryAfterSeconds"/>. 127.0.0.1 is a trusted proxy, so a test can act as another client address
/// with X-Forwarded-For without draining the bucket that signing in (anonymous, from 127.0.0.1) needs.
/// </summary>
public sealed class LimitedDepotServer : DepotServer
{
    public const int Burst = 20;
    public const int BusyRetryAfterSeconds = 2;

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Depot:Limits:UserRequestsPerSecond=1", $"--Depot:Limits:UserBurst={Burst}",
        "--Depot:Limits:AddressRequestsPerSecond=1", $"--Depot:Limits:AddressBurst={Burst}",
        "--Depot:Limits:HeavyConcurrency=1", $"--Depot:Limits:BusyRetryAfterSeconds={BusyRetryAfterSeconds}",
        "--Depot:Proxy:TrustedProxies:0=127.0.0.1",
    ];

    /// <summary>
    /// Sends <paramref name="request"/> until the server refuses one with 429 (bounded), and returns how many passed
    /// before it and the refusal, which the caller disposes.
    /// </summary>
    public static async Task<(int Passed, HttpResponseMessage Refused)> DrainAsync(HttpClient http, Func<HttpRequestMessage> request)
    {
        for (var passed = 0; passed < 10 * Burst; passed++)
        {
            using var message = request();
            var response = await http.SendAsync(message);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (passed, response);
            }

            response.Dispose();
        }

        throw new InvalidOperationException($"No 429 after {10 * Burst} requests: the limit is not applied.");
    }
}
