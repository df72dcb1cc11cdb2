using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Protocol.Sharing;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Operations;

/// <summary>
/// Issue 9, point 10: the published server started from any folder (a systemd unit without WorkingDirectory=) reads
/// the appsettings.json beside it, and no log line at any level carries a link token, a bearer token or a password.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class LogSecrecyTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _elsewhere = Directory.CreateTempSubdirectory("depot-cwd-");

    [Fact]
    public async Task Started_from_another_folder_it_reads_the_settings_beside_the_program()
    {
        await using var depot = new DepotProcess(output) { WorkingDirectory = _elsewhere.FullName };
        await depot.StartAsync();
        using var user = await depot.CreateUserAsync();
        var mark = depot.OutputMark;
        using var me = await user.Http.GetAsync("/api/v1/me");
        await depot.WaitForOutputAsync("/api/v1/me", mark, TimeSpan.FromSeconds(10)); // Depot's own request line

        // appsettings.json sets Microsoft.AspNetCore to Warning: without it the framework logs every request at Information.
        Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", depot.RecentOutput);
        Assert.Contains($"Content root path: {Path.GetDirectoryName(ServerExecutable.Locate())}", depot.RecentOutput);
        Assert.Empty(_elsewhere.GetFileSystemInfos()); // nothing written where it was started
    }

    [Fact]
    public async Task No_log_line_at_any_level_carries_a_token_a_link_secret_or_a_password()
    {
        await using var depot = new DepotProcess(output) { WorkingDirectory = _elsewhere.FullName };
        // Everything on, framework included: the most an operator can turn on while debugging.
        depot.Environment["Logging__LogLevel__Default"] = "Trace";
        depot.Environment["Logging__LogLevel__Microsoft"] = "Trace";
        depot.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace";
        depot.Environment["Logging__LogLevel__Depot.Server.Auth.BearerAuthenticationHandler"] = "Trace";
        await depot.StartAsync();

        using var user = await depot.CreateUserAsync();
        using var put = await user.Http.PutAsync("/api/v1/files/shared.txt", new StringContent("hello"));
        put.EnsureSuccessStatusCode();
        using var created = await user.Http.PostAsJsonAsync("/api/v1/links", new CreateLinkRequest("/shared.txt"), DepotJsonContext.Default.CreateLinkRequest);
        var link = (await created.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedLinkInfo))!;
        using var appCreated = await user.Http.PostAsJsonAsync("/api/v1/me/app-passwords", new CreateAppPasswordRequest("logs"),
            DepotJsonContext.Default.CreateAppPasswordRequest);
        var appPassword = (await appCreated.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedAppPassword))!.Password;

        using var anonymous = depot.CreateHttpClient();
        (await anonymous.GetAsync($"/s/{link.Token}?download")).Dispose();
        (await anonymous.GetAsync($"/s/{link.Token}/no/such/thing")).Dispose();
        (await anonymous.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(user.Username, "a-wrong-password-77"), DepotJsonContext.Default.TokenRequest)).Dispose();
        using (var dav = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/"))
        {
            dav.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user.Username}:{appPassword}")));
            dav.Headers.Add("Depth", "0");
            (await anonymous.SendAsync(dav)).Dispose();
        }

        // A malformed request whose request line holds the link token: Kestrel logs bad requests at Debug.
        await SendRawAsync(depot.Address, $"GET /s/{link.Token} HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n");
        var mark = depot.OutputMark;
        (await user.Http.GetAsync("/api/v1/me?end-of-test")).Dispose();
        await depot.WaitForOutputAsync("end-of-test", mark, TimeSpan.FromSeconds(10));

        var log = depot.AllOutput;
        Assert.Contains("Microsoft.AspNetCore", log); // the framework did log at Trace: the test looked at something
        foreach (var secret in new[] { link.Token, user.Token, user.Password, appPassword, "a-wrong-password-77" })
        {
            Assert.DoesNotContain(secret, log);
        }

        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user.Username}:{appPassword}")), log);
        Assert.Contains("/s/[link]", log);
    }

    private static async Task SendRawAsync(Uri server, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The server closes the connection after a 400: that is the end we wait for.
        }
    }

    public void Dispose() => _elsewhere.Delete(recursive: true);
}
