using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Depot.Server.Tests.Hosting;
using Depot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Depot.Server.Tests.Fuzz;

/// <summary>
/// A bounded, seeded fuzz run over every route and method (REST, WebDAV, tus, links and drop boxes, probes, metrics,
/// the web app), authenticated and anonymous, some over a raw socket with broken framing. Any 5xx fails the test
/// (but WebDAV's own 502 for a Destination on another server, <see cref="FuzzRequest.NamesAnotherServer"/>): a client
/// can be wrong in many ways, but the server must never be the one at fault (issue 9, point 8).
/// </summary>
public sealed class FuzzTests(FuzzTests.Server server, ITestOutputHelper output) : IClassFixture<FuzzTests.Server>
{
    // A few thousand requests run in about half a minute on the CI machine; the seed makes a failure reproducible.
    private const int Requests = 3000;
    private const int Seed = 20261203;

    public sealed class Server : DepotServer
    {
        public LogSink Logs { get; } = new();

        // Stalled bodies (a short Content-Length) are cut off after 2 s rather than 30, so the run stays bounded. The
        // wrong passwords and tokens the run sends would soon throttle its address, and then every later request
        // would stop at 429 before reaching a handler: the throttle has its own tests.
        protected override IEnumerable<string> ExtraArguments =>
        [
            "--Depot:Limits:MinRequestBodyGracePeriod=00:00:02",
            "--Depot:Throttle:FreeFailuresPerAccount=1000", "--Depot:Throttle:FreeFailuresPerAddress=10000",
        ];

        protected override void OnBuilt(WebApplication app) => app.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
    }

    [Fact]
    public async Task Thousands_of_malformed_requests_never_get_a_5xx()
    {
        var world = await FuzzWorld.CreateAsync(server);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(20) };
        var sender = new FuzzSender(server.Address, http, world);
        var corpus = new FuzzCorpus(new Random(Seed), world);
        var statuses = new SortedDictionary<int, int>();
        var failures = new List<string>();
        var clientErrors = new List<string>();
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < Requests; i++)
        {
            var request = corpus.Next();
            int status;
            try
            {
                status = await sender.SendAsync(request);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or SocketException)
            {
                clientErrors.Add($"#{i} {request}: {e.GetType().Name} {e.Message}");
                continue;
            }

            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500 && !(status == 502 && request.NamesAnotherServer))
            {
                failures.Add($"#{i} {status} {request}");
            }
        }

        var errorLogs = server.Logs.Lines.Count(l => l.Level >= LogLevel.Error);
        var report = new StringBuilder()
            .AppendLine($"{Requests} requests (seed {Seed}) in {clock.Elapsed.TotalSeconds:0.0} s; 5xx: {failures.Count}; " +
                $"no answer from the client side: {clientErrors.Count}; error-level log lines: {errorLogs}")
            .AppendLine("statuses: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        foreach (var failure in failures.Take(40))
        {
            report.AppendLine(failure);
        }

        foreach (var error in clientErrors.Take(10))
        {
            report.AppendLine("client side: " + error);
        }

        output.WriteLine(report.ToString());
        Assert.True(failures.Count == 0, report.ToString());
    }
}
