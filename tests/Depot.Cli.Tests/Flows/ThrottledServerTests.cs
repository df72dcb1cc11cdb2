using System.Globalization;
using System.Text.RegularExpressions;
using Depot.Client;
using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary>
/// The client and the CLI against a server that really throttles (<see cref="LimitedDepotServer"/>): with the user's
/// bucket empty, an idempotent call meets a 429, waits the Retry-After it was given, and succeeds.
/// Tokens come back once a second, so one may arrive between draining the bucket and the call; each test then drains
/// again (a few rounds at most) until the call has met a refusal.
/// </summary>
public sealed partial class ThrottledServerTests(LimitedDepotServer server) : IClassFixture<LimitedDepotServer>
{
    private const int Rounds = 5;

    [Fact]
    public async Task The_client_waits_as_a_429_asks_and_then_succeeds()
    {
        using var user = await server.CreateUserAsync();
        var waits = new List<TimeSpan>();
        using var http = server.CreateHttpClient();
        var client = new DepotClient(http, new DepotClientOptions(), async (wait, cancellationToken) =>
        {
            waits.Add(wait);
            await Task.Delay(wait, cancellationToken);
        })
        { AccessToken = user.Token };

        for (var round = 0; round < Rounds && waits.Count == 0; round++)
        {
            await DrainAsync(user);
            var me = await client.Account.GetAsync();
            Assert.Equal(user.Username, me.Username);
        }

        Assert.NotEmpty(waits);
        Assert.All(waits, wait => Assert.Equal(TimeSpan.FromSeconds(1), wait));
    }

    [Fact]
    public async Task The_cli_rides_out_a_429_on_an_idempotent_command()
    {
        using var user = await server.CreateUserAsync();
        await user.Http.PutAsync("/api/v1/files/kept.txt", new StringContent("kept"));
        using var cli = new CliRunner().With("DEPOT_PASSWORD", user.Password);
        await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", user.Username).ShouldSucceedAsync();

        var refusedDuringCli = false;
        for (var round = 0; round < Rounds && !refusedDuringCli; round++)
        {
            await DrainAsync(user);
            var before = await ThrottledAsync();
            var listing = await cli.RunAsync("ls", "/").ShouldSucceedAsync();
            Assert.Contains("kept.txt", listing.Out, StringComparison.Ordinal);
            refusedDuringCli = await ThrottledAsync() > before;
        }

        Assert.True(refusedDuringCli, "the CLI never met a 429, so nothing was retried");
    }

    private static async Task DrainAsync(TestUser user)
    {
        var (_, refused) = await LimitedDepotServer.DrainAsync(user.Http, () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/me"));
        refused.Dispose();
    }

    // Only this class's server throttles anyone in this test process, so a rise is this test's own 429.
    private async Task<double> ThrottledAsync()
    {
        using var http = server.CreateHttpClient();
        var text = await http.GetStringAsync("/metrics");
        var match = UserRateLine().Match(text);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("""^depot_throttled_total\{reason="user_rate"\} (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex UserRateLine();
}
