using Depot.Cli.Config;
using Depot.Client;

namespace Depot.Cli.Net;

/// <summary>A connection to the configured server for one command: the client, and the config it came from.</summary>
internal sealed class Session(HttpClient http, DepotClient client, CliConfig config, Uri server, RequestCounter requests) : IDisposable
{
    /// <summary>HTTP requests sent so far in this session (retries included).</summary>
    public long Requests => requests.Count;

    public DepotClient Client => client;

    public CliConfig Config => config;

    public Uri Server => server;

    public void Dispose() => http.Dispose();
}
