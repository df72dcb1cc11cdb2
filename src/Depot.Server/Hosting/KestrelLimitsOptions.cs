using System.ComponentModel.DataAnnotations;

namespace Depot.Server.Hosting;

/// <summary>
/// Connection and request limits applied to Kestrel. Each default says why; the upload route raises
/// <see cref="MaxRequestBodySize"/> for its own requests through <c>IHttpMaxRequestBodySizeFeature</c>.
/// </summary>
internal sealed class KestrelLimitsOptions
{
    public const string Section = "Depot:Limits";

    // 1 MiB: every JSON request in the API is a few hundred bytes; file bodies go through the upload
    // route, which raises the limit per request. Small by default means a stray big body costs nothing.
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    // 32 KiB: matches nginx's large_client_header_buffers (4 × 8k) and Kestrel's own default, so a request
    // that passes a proxy in front also passes here. Cookies plus a bearer token use under 4 KiB.
    [Range(4096, 1024 * 1024)]
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    // 16 KiB, twice nginx's 8k: a path is up to 255-byte names, percent-encoded (×3 for non-ASCII), so a
    // deep folder of accented or CJK names passes 8 KiB long before it is absurd.
    [Range(1024, 1024 * 1024)]
    public int MaxRequestLineSize { get; set; } = 16 * 1024;

    // 100, Kestrel's default: browsers send about 20 headers; a few hundred only ever come from abuse.
    [Range(10, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 100;

    // 240 B/s after a 30 s grace period. Kestrel averages over the whole body, and stops the clock while
    // the server itself is not reading, so a phone upload that stalls in a tunnel keeps the credit it
    // built up; a slowloris body that trickles a few bytes a second is cut off after the grace period.
    // The grace is 30 s rather than Kestrel's 5 s because mobile radios take seconds to wake up.
    [Range(0, 1024 * 1024)]
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    // Same reasoning for downloads: a client that stops reading cannot pin a connection and its buffers.
    [Range(0, 1024 * 1024)]
    public double MinResponseBytesPerSecond { get; set; } = 240;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan MinResponseGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    // 130 s, Kestrel's default: longer than the idle timeouts of nginx (75 s) and HAProxy setups, so the
    // proxy always closes an idle connection first and never sends a request into one we are closing.
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(130);

    // 30 s to send the request headers (Kestrel's default; nginx's client_header_timeout is 60 s): slow
    // enough for a bad mobile link, short enough that a slowloris header trickle frees its slot quickly.
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // 100 concurrent HTTP/2 streams per connection (Kestrel's default, nginx uses 128): the CLI's parallel
    // put uses 8 and a browser about 6–10; more is a single client trying to monopolise the server.
    [Range(1, 1000)]
    public int Http2MaxStreamsPerConnection { get; set; } = 100;

    // 1 MiB per stream and 2 MiB per connection instead of Kestrel's 96/128 KiB: an HTTP/2 upload can have
    // at most one window in flight per round trip, so 96 KiB caps a 100 ms link at about 1 MB/s. These bound
    // what one connection can make us buffer while the disk catches up.
    [Range(65_535, int.MaxValue)]
    public int Http2InitialStreamWindowSize { get; set; } = 1024 * 1024;

    [Range(65_535, int.MaxValue)]
    public int Http2InitialConnectionWindowSize { get; set; } = 2 * 1024 * 1024;
}
