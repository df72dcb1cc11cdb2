using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Depot.Testing.Faults;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of an HTTP/1.1 server (RGW in the tests) that injects the faults an object store
/// shows in production, switchable while traffic flows: 503 <c>SlowDown</c> answers of its own (the request's body read
/// and discarded, so the client reads a proper answer), a throttle (a pause before every chunk), and resets (RST after
/// K bytes of a request, or of the responses on a connection). Requests are parsed, so a fault counts whole requests
/// even on kept-alive connections. At most <see cref="MaxConnections"/> at once; disposing closes every connection and
/// waits (bounded) for their tasks.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    // Far above what one SDK client opens in a test; a runaway loop fails instead of exhausting ports.
    public const int MaxConnections = 256;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly Task _accepting;
    private ProxyFault _fault = ProxyFault.None;
    private long _nextConnection;
    private int _requests;
    private int _slowDowns;
    private int _resets;
    private long _responseBytes;

    public FaultProxy(Uri upstream)
    {
        _upstream = new IPEndPoint(IPAddress.Parse(upstream.Host), upstream.Port);
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync(_stop.Token);
    }

    /// <summary>Where clients connect instead of the upstream server.</summary>
    public Uri Address { get; }

    /// <summary>The proxy as an S3 endpoint (no trailing slash), for <c>ServiceUrl</c>.</summary>
    public string ServiceUrl => Address.GetLeftPart(UriPartial.Authority);

    /// <summary>Requests whose head the proxy has read, faulted or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public int SlowDownsAnswered => Volatile.Read(ref _slowDowns);

    public int Resets => Volatile.Read(ref _resets);

    /// <summary>Bytes passed from the upstream server to clients: how much a ranged GET really fetched.</summary>
    public long ResponseBytes => Interlocked.Read(ref _responseBytes);

    internal ProxyFault Fault => Volatile.Read(ref _fault);

    /// <summary>Heals: traffic passes unchanged.</summary>
    public void PassThrough() => Volatile.Write(ref _fault, ProxyFault.None);

    /// <summary>Answers the next <paramref name="requests"/> requests (null: all, until switched) with 503 SlowDown.</summary>
    public void AnswerSlowDown(int? requests = null) => Volatile.Write(ref _fault, ProxyFault.SlowDown(requests));

    /// <summary>Pauses <paramref name="delay"/> before each chunk of <paramref name="chunkSize"/> bytes, both directions.</summary>
    public void Throttle(TimeSpan delay, int chunkSize = 64 * 1024) => Volatile.Write(ref _fault, ProxyFault.Throttle(delay, chunkSize));

    /// <summary>Resets the connection of the next <paramref name="times"/> requests longer than <paramref name="afterBytes"/> (null: all) once <paramref name="afterBytes"/> of the request went upstream.</summary>
    public void ResetRequests(long afterBytes, int? times = null) => Volatile.Write(ref _fault, ProxyFault.ResetRequests(afterBytes, times));

    /// <summary>Resets the next <paramref name="times"/> connections (null: all) once <paramref name="afterBytes"/> of responses came back on it.</summary>
    public void ResetResponses(long afterBytes, int? times = null) => Volatile.Write(ref _fault, ProxyFault.ResetResponses(afterBytes, times));

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountSlowDown() => Interlocked.Increment(ref _slowDowns);

    internal void CountResponseBytes(int count) => Interlocked.Add(ref _responseBytes, count);

    internal void CountReset() => Interlocked.Increment(ref _resets);

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_connections.Count >= MaxConnections)
            {
                client.Dispose();
                continue;
            }

            var id = Interlocked.Increment(ref _nextConnection);
            var served = ServeAsync(id, client, cancellationToken);
            _connections[id] = served;
            if (served.IsCompleted)
            {
                _connections.TryRemove(id, out _);   // it ended before it was added
            }
        }
    }

    private async Task ServeAsync(long id, Socket client, CancellationToken cancellationToken)
    {
        await Task.Yield();   // the accept loop goes on at once
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            client.NoDelay = true;
            await upstream.ConnectAsync(_upstream, cancellationToken);
            await new ProxyConnection(client, upstream, this).RunAsync(cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // A connection that ends badly is what this proxy is for; the client sees it, the proxy goes on.
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
            _connections.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections.Values).WaitAsync(StopTimeout);
        _stop.Dispose();
    }
}
