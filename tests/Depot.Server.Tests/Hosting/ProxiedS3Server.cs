using System.Net.Http.Headers;
using System.Text;
using Depot.Testing;
using Depot.Testing.Faults;

namespace Depot.Server.Tests.Hosting;

/// <summary>
/// A Depot server (SQLite metadata) whose file contents go to a bucket of its own on the test process's RGW through a
/// <see cref="FaultProxy"/>, so a test can make the store answer 503, stall or reset while the server runs. One retry
/// and a 5 s attempt timeout keep each failing request short; the proxy passes traffic unchanged at the start.
/// </summary>
public class ProxiedS3Server : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-s3-faults-");
    private StandaloneServer? _server;
    private TestAccounts? _accounts;

    public FaultProxy Proxy { get; } = new(new Uri(S3Server.Shared.ServiceUrl));

    public string Bucket { get; } = S3Server.Shared.CreateBucket("faults");

    public Uri Address => (_server ?? throw new InvalidOperationException("Not started")).Address;

    public TestAccounts Accounts => _accounts ??= new TestAccounts(() => new HttpClient { BaseAddress = Address }, "s3f");

    /// <summary>Configuration on top of the S3 store's, for subclasses.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public async Task InitializeAsync()
    {
        _server = await StandaloneServer.StartAsync(_data.FullName,
        [
            "--urls=http://127.0.0.1:0", .. S3Server.Shared.DepotArguments(Bucket),
            $"--Depot:Storage:S3:ServiceUrl={Proxy.ServiceUrl}", "--Depot:Storage:S3:MaxRetries=1",
            "--Depot:Storage:S3:RequestTimeout=00:00:05", .. ExtraArguments,
        ]);
    }

    /// <summary>A client that speaks to <c>/dav/</c> as <paramref name="user"/> (HTTP Basic).</summary>
    public HttpClient CreateDavClient(TestUser user) => new()
    {
        BaseAddress = Address,
        DefaultRequestHeaders =
        {
            Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user.Username}:{user.Password}"))),
        },
    };

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await Proxy.DisposeAsync();
        _data.Delete(recursive: true);
    }
}
