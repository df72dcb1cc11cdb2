using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Depot.Cli.Config;
using Depot.Cli.Net;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Protocol.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Depot.Cli.Tests.Flows;

/// <summary>
/// ssh-like trust of a self-signed certificate, against a small HTTPS stand-in on 127.0.0.1 that answers the three
/// routes login and whoami need (the real server's own certificate handling is the server's to test).
/// </summary>
public sealed class TlsTrustTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = CreateCertificate();
    private WebApplication? _app;
    private string _url = "";

    private string Fingerprint => CertificateTrust.Fingerprint(_certificate);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(_certificate)));
        _app = builder.Build();
        _app.MapGet("/healthz", () => "ok");
        _app.MapPost("/api/v1/auth/token", () =>
            Results.Json(new TokenResponse("stand-in-token", DateTimeOffset.UtcNow.AddDays(1)), DepotJsonContext.Default.TokenResponse));
        _app.MapGet("/api/v1/me", () =>
            Results.Json(new UserInfo("ann", false, false, null, 0, DateTimeOffset.UtcNow), DepotJsonContext.Default.UserInfo));
        await _app.StartAsync();
        _url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _certificate.Dispose();
    }

    [Fact]
    public async Task Without_a_terminal_an_unknown_certificate_needs_its_fingerprint_which_is_then_remembered()
    {
        using var cli = new CliRunner().With("DEPOT_PASSWORD", "pw");

        var refused = await cli.RunAsync("login", _url, "-u", "ann").ShouldFailWithAsync(ExitCodes.Network);
        Assert.Contains(Fingerprint, refused.Error);

        await cli.RunAsync("login", _url, "-u", "ann", "--fingerprint", "SHA256:wrong").ShouldFailWithAsync(ExitCodes.Network);
        await cli.RunAsync("login", _url, "-u", "ann", "--fingerprint", Fingerprint).ShouldSucceedAsync();
        var whoami = await cli.RunAsync("whoami").ShouldSucceedAsync();

        Assert.Contains("ann", whoami.Out);
        Assert.Equal(Fingerprint, TrustedFingerprints(cli).Single());
    }

    [Fact]
    public async Task At_a_terminal_the_user_confirms_the_fingerprint()
    {
        using var cli = new CliRunner { Interactive = true }.With("DEPOT_PASSWORD", "pw");

        await cli.RunWithInputAsync("n\n", "login", _url, "-u", "ann").ShouldFailWithAsync(ExitCodes.Network);
        var accepted = await cli.RunWithInputAsync("yes\n", "login", _url, "-u", "ann").ShouldSucceedAsync();

        Assert.Contains(Fingerprint, accepted.Error);
        Assert.Equal(Fingerprint, TrustedFingerprints(cli).Single());
    }

    [Fact]
    public async Task A_changed_certificate_for_a_known_host_is_refused_loudly()
    {
        using var cli = new CliRunner().With("DEPOT_PASSWORD", "pw");
        await cli.RunAsync("login", _url, "-u", "ann", "--fingerprint", Fingerprint).ShouldSucceedAsync();
        var store = new ConfigStore(cli.ConfigDirectory);
        var config = store.Load();
        store.Save(config with { TrustedCertificates = config.TrustedCertificates.ToDictionary(p => p.Key, _ => "SHA256:the-old-certificate") });

        var refused = await cli.RunAsync("whoami").ShouldFailWithAsync(ExitCodes.Network);

        Assert.Contains("HAS CHANGED", refused.Error);
        Assert.Contains(Fingerprint, refused.Error);
    }

    private static IEnumerable<string> TrustedFingerprints(CliRunner cli) =>
        JsonDocument.Parse(File.ReadAllText(cli.ConfigFile)).RootElement.GetProperty("trustedCertificates")
            .EnumerateObject().Select(p => p.Value.GetString()!);

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        // Exported and loaded again so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
    }
}
