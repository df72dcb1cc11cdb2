using System.Net;
using System.Net.Sockets;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// Three Depot nodes on one PostgreSQL database and one S3 bucket, behind a real HAProxy, all on 127.0.0.1. Each node
/// keeps a fixed port across restarts, so HAProxy finds a restarted process where the old one was.
/// </summary>
internal sealed class ThreeNodeCluster : IAsyncDisposable
{
    public const int Size = 3;

    private readonly DirectoryInfo _key;
    private readonly List<DepotProcess> _nodes;

    private ThreeNodeCluster(DirectoryInfo key, List<DepotProcess> nodes, HaproxyServer haproxy)
    {
        _key = key;
        _nodes = nodes;
        Haproxy = haproxy;
    }

    public IReadOnlyList<DepotProcess> Nodes => _nodes;

    public HaproxyServer Haproxy { get; }

    /// <summary>Where clients send their requests.</summary>
    public Uri Address => Haproxy.Address;

    public static string Name(int node) => $"node{node}";

    public static async Task<ThreeNodeCluster> StartAsync(string purpose, ITestOutputHelper? output, params string[] extraArguments)
    {
        var key = Directory.CreateTempSubdirectory($"depot-{purpose}-");
        string[] shared = [.. TestMetadata.PostgresArguments(key.FullName), .. TestStorage.S3Arguments(key.FullName), .. extraArguments];
        var nodes = new List<DepotProcess>();
        var ports = new Dictionary<string, int>();
        try
        {
            for (var i = 0; i < Size; i++)
            {
                var port = FreePort();
                ports[Name(i)] = port;
                var node = new DepotProcess(output, extraArguments:
                    [.. shared, $"--urls=http://127.0.0.1:{port}", "--Depot:Proxy:TrustedProxies:0=127.0.0.1"]);
                nodes.Add(node);
                await node.StartAsync();
            }

            return new ThreeNodeCluster(key, nodes, await HaproxyServer.StartAsync(ports, output));
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            key.Delete(recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Haproxy.DisposeAsync();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _key.Delete(recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
