using System.Diagnostics;
using System.Net;

namespace Depot.Testing;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c> after a change: a healthy answer may stand for a second (the server's
/// SharedHealthCheck), so a test asks until the expected answer comes, for a bounded time, and gets the last one.
/// </summary>
public static class Probe
{
    public static async Task<(HttpStatusCode Status, string Body)> WaitForAsync(
        HttpClient http, string path, HttpStatusCode expected, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync(path);
            if (response.StatusCode == expected || clock.Elapsed > (within ?? TimeSpan.FromSeconds(5)))
            {
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }

            await Task.Delay(100);
        }
    }
}
