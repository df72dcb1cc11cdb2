using System.Net;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// How a WebDAV client such as rclone (its "low-level retries") treats a request that met a dying node: send it again,
/// with backoff, after a network error or a 502/503/504 from the proxy. Only for requests that are safe to repeat or
/// whose repetition the caller checks (a MOVE that answers 404 the second time).
/// </summary>
internal static class DavRetry
{
    private const int Attempts = 6;

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, Func<HttpRequestMessage> request, Action<string> retried)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await http.SendAsync(request());
                if (attempt == Attempts || response.StatusCode is not
                    (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
                {
                    return response;
                }

                retried($"{(int)response.StatusCode}");
                response.Dispose();
            }
            catch (Exception e) when (attempt < Attempts && e is HttpRequestException or IOException or TaskCanceledException)
            {
                retried(e.GetType().Name);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1)));
        }
    }
}
