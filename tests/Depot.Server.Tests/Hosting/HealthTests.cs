using System.Data.Common;
using System.Net;
using Depot.Core.Data;
using Depot.Server.Observability;
using Depot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Depot.Server.Tests.Hosting;

public sealed class HealthTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probes_answer_healthy_without_authentication(string path)
    {
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Liveness_fails_when_the_metadata_store_can_serve_nothing()
    {
        var broken = new DepotServer();
        await broken.InitializeAsync();
        try
        {
            // A pool that hands out nothing usable: what a wedged pool looked like from outside (issue 9). A healthy
            // answer from just before may stand for a second (SharedHealthCheck.HealthyFor); a probe after it fails.
            ((IDisposable)broken.Services.GetRequiredService<IDatabase>()).Dispose();
            using var http = broken.CreateHttpClient();
            var (status, body) = await Probe.WaitForAsync(http, "/healthz", HttpStatusCode.ServiceUnavailable);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", body);
        }
        finally
        {
            await broken.DisposeAsync();
        }
    }

    [Fact]
    public async Task Probes_arriving_together_or_within_a_second_of_a_healthy_answer_cost_the_database_one_query()
    {
        var database = new CountingDatabase(server.Services.GetRequiredService<IDatabase>());
        var clock = new SteppedClock();
        var check = new DatabaseHealthCheck(database, clock);

        var together = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => check.CheckHealthAsync(new HealthCheckContext()))));
        Assert.All(together, r => Assert.Equal(HealthStatus.Healthy, r.Status));
        Assert.Equal(1, database.Opened);

        clock.Advance(SharedHealthCheck.HealthyFor - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(1, database.Opened);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(2, database.Opened);
    }

    [Fact]
    public async Task A_failed_check_is_not_reused_so_the_probe_after_the_database_answers_again_is_healthy()
    {
        var database = new CountingDatabase(server.Services.GetRequiredService<IDatabase>()) { Failing = true };
        var check = new DatabaseHealthCheck(database, new SteppedClock());

        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        database.Failing = false;

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(3, database.Opened);
    }

    // The server's own database, with its connections counted; Failing makes opening one fail, as a wedged pool does.
    private sealed class CountingDatabase(IDatabase inner) : IDatabase
    {
        private int _opened;

        public int Opened => _opened;

        public bool Failing { get; set; }

        public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _opened);
            await Task.Delay(20, cancellationToken);   // long enough for probes arriving together to find the check running
            return Failing ? throw new InvalidOperationException("the pool serves nothing") : await inner.OpenAsync(cancellationToken);
        }

        public Task<DbTransaction> BeginWriteAsync(DbConnection connection, IReadOnlyCollection<WriteScope> scopes, CancellationToken cancellationToken) =>
            inner.BeginWriteAsync(connection, scopes, cancellationToken);

        public Task LockAsync(DbTransaction transaction, WriteScope scope, CancellationToken cancellationToken) =>
            inner.LockAsync(transaction, scope, cancellationToken);

        public Task<bool> TryLockAsync(DbTransaction transaction, WriteScope scope, CancellationToken cancellationToken) =>
            inner.TryLockAsync(transaction, scope, cancellationToken);

        public Task<IReadOnlySet<WriteScope>> TryLockEachAsync(DbTransaction transaction, IReadOnlyList<WriteScope> scopes, CancellationToken cancellationToken) =>
            inner.TryLockEachAsync(transaction, scopes, cancellationToken);

        public bool SingleWriter => inner.SingleWriter;

        public string TableExistsSql => inner.TableExistsSql;

        public Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken) =>
            inner.LockMigrationsAsync(connection, cancellationToken);
    }

    private sealed class SteppedClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
