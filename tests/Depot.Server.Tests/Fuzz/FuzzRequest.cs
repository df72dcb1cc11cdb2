namespace Depot.Server.Tests.Fuzz;

/// <summary>
/// One generated request, kept as plain data so a failure report can show exactly what was sent. <see cref="Raw"/>
/// requests go over a bare socket (malformed chunked framing, bodies shorter than declared, odd request targets);
/// the rest over HttpClient.
/// </summary>
internal sealed record FuzzRequest(
    string Method, string Target, FuzzAuth Auth, IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body, string? ContentType,
    RawFraming Raw)
{
    /// <summary>
    /// A COPY or MOVE to another server: RFC 4918 §9.8.5 answers it 502 Bad Gateway (code <c>foreign_destination</c>), a
    /// protocol answer about the destination, not a fault of this server. The only 5xx the run accepts.
    /// </summary>
    public bool NamesAnotherServer =>
        Method is "COPY" or "MOVE" && Headers.Any(h => h.Name == "Destination" && h.Value.StartsWith("http://elsewhere.example", StringComparison.Ordinal));

    public override string ToString() =>
        $"{Method} {Target} [{Auth}{(Raw == RawFraming.None ? "" : ", raw " + Raw)}] " +
        string.Join(' ', Headers.Select(h => $"{h.Name}: {Cut(h.Value)}")) + (ContentType is null ? "" : $" Content-Type: {Cut(ContentType)}") +
        (Body is null ? "" : $" body {Body.Length} B");

    private static string Cut(string value) => value.Length > 60 ? value[..60] + "…" : value;
}

internal enum FuzzAuth { Anonymous, Bearer, Basic, BadBearer, BadBasic }

internal enum RawFraming { None, BadChunked, TruncatedChunked, ShortBody, OddTarget }
