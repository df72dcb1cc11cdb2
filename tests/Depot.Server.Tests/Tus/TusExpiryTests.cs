using System.Net;
using Depot.Core.Uploads;
using Depot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Depot.Server.Tests.Tus;

public sealed class ShortExpiryServer : DepotServer
{
    protected override IEnumerable<string> ExtraArguments => ["--Depot:Uploads:Expiry=00:00:02"];
}

/// <summary>Unfinished uploads expire: 404 at once, then the cleanup job removes their data and reservation.</summary>
public sealed class TusExpiryTests(ShortExpiryServer server) : IClassFixture<ShortExpiryServer>
{
    [Fact]
    public async Task An_expired_upload_is_404_and_cleanup_frees_its_data_and_quota()
    {
        using var alice = await server.CreateUserAsync(quotaBytes: 1000);
        var url = await Tus.CreatedUrlAsync(alice.Http, "/expiring.bin", 900);
        using (var patch = await Tus.PatchAsync(alice.Http, url, 0, new byte[100]))
        {
            var expires = DateTimeOffset.Parse(Tus.Header(patch, "Upload-Expires")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(expires, DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(4));
        }

        Assert.True(await Tus.HasPartialAsync(server.Services, url));
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(HttpStatusCode.NotFound, (await Tus.HeadAsync(alice.Http, url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Tus.PatchAsync(alice.Http, url, 100, new byte[100])).StatusCode);

        var (expired, _) = await server.Services.GetRequiredService<UploadCleanupJob>().RunAsync(CancellationToken.None);
        Assert.True(expired >= 1);
        Assert.False(await Tus.HasPartialAsync(server.Services, url));
        Assert.Equal(HttpStatusCode.Created, (await alice.Http.PutAsync("/api/v1/files/after.bin", new ByteArrayContent(new byte[900]))).StatusCode);
    }
}
