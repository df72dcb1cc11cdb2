using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>Applies <see cref="KestrelLimitsOptions"/> and the TLS certificate to Kestrel.</summary>
internal sealed class KestrelSetup(IOptions<KestrelLimitsOptions> limitsOptions, CertificateProvider certificates)
    : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        // No "Server: Kestrel": it tells an attacker which CVEs to try and tells a client nothing it needs.
        options.AddServerHeader = false;

        var wanted = limitsOptions.Value;
        var limits = options.Limits;
        limits.MaxRequestBodySize = wanted.MaxRequestBodySize;
        limits.MaxRequestHeadersTotalSize = wanted.MaxRequestHeadersTotalSize;
        limits.MaxRequestLineSize = wanted.MaxRequestLineSize;
        limits.MaxRequestHeaderCount = wanted.MaxRequestHeaderCount;
        limits.MinRequestBodyDataRate = Rate(wanted.MinRequestBodyBytesPerSecond, wanted.MinRequestBodyGracePeriod);
        limits.MinResponseDataRate = Rate(wanted.MinResponseBytesPerSecond, wanted.MinResponseGracePeriod);
        limits.KeepAliveTimeout = wanted.KeepAliveTimeout;
        limits.RequestHeadersTimeout = wanted.RequestHeadersTimeout;
        limits.Http2.MaxStreamsPerConnection = wanted.Http2MaxStreamsPerConnection;
        limits.Http2.InitialStreamWindowSize = wanted.Http2InitialStreamWindowSize;
        limits.Http2.InitialConnectionWindowSize = wanted.Http2InitialConnectionWindowSize;
        // HTTP/2 carries the request target in the :path header field, so one field must hold a full request line.
        limits.Http2.MaxRequestHeaderFieldSize = Math.Max(limits.Http2.MaxRequestHeaderFieldSize, wanted.MaxRequestLineSize + 1024);

        // Endpoints keep Kestrel's default protocols, HTTP/1.1 and HTTP/2 (chosen by ALPN over TLS).
        // The TLS protocol versions are left to the OS (TLS 1.2 and 1.3 on current systems).
        options.ConfigureHttpsDefaults(https => https.ServerCertificate = certificates.Certificate);
    }

    // A rate of 0 turns the check off, for the rare deployment where a proxy in front already enforces one.
    private static MinDataRate? Rate(double bytesPerSecond, TimeSpan gracePeriod) =>
        bytesPerSecond > 0 ? new MinDataRate(bytesPerSecond, gracePeriod) : null;
}
