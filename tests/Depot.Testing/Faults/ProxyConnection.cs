using System.Net.Sockets;

namespace Depot.Testing.Faults;

/// <summary>
/// One client connection and its own connection to the upstream server. Requests are parsed (head and framing) so a
/// fault applies to whole requests; responses are copied as bytes. A reset closes both sockets with linger 0 (an RST).
/// </summary>
internal sealed class ProxyConnection(Socket client, Socket upstream, FaultProxy proxy)
{
    private readonly SemaphoreSlim _clientWrites = new(1, 1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var requests = PumpRequestsAsync(stop.Token);
        var responses = PumpResponsesAsync(stop.Token);
        try
        {
            await Task.WhenAny(requests, responses);
        }
        finally
        {
            // Either side ending ends the connection: the other pump is stopped, then both sockets closed.
            await stop.CancelAsync();
            await Task.WhenAll(requests, responses).ContinueWith(_ => { }, TaskScheduler.Default);
            client.Dispose();
            upstream.Dispose();
            _clientWrites.Dispose();
        }
    }

    private async Task PumpRequestsAsync(CancellationToken cancellationToken)
    {
        var reader = new RequestReader(client);
        while (await reader.ReadHeadAsync(cancellationToken) is { } head)
        {
            proxy.CountRequest();
            var fault = proxy.Fault;
            if (fault.TryUse(ProxyFaultKind.SlowDown))
            {
                proxy.CountSlowDown();
                // A client waiting for 100 Continue never sends the body: answer at once and close, as S3 does.
                if (head.ExpectsContinue)
                {
                    await WriteToClientAsync(SlowDownAnswer.For(head.Method == "HEAD", close: true), cancellationToken);
                    client.Shutdown(SocketShutdown.Send);
                    return;
                }

                await reader.CopyBodyAsync(head, _ => Task.CompletedTask, cancellationToken);
                await WriteToClientAsync(SlowDownAnswer.For(head.Method == "HEAD", close: false), cancellationToken);
                continue;
            }

            // Only a request longer than the budget uses up a reset: small requests (an initiation, a HEAD) pass.
            var longer = head.Chunked || head.Bytes.Length + head.ContentLength > fault.AfterBytes;
            var budget = new Budget(longer && fault.TryUse(ProxyFaultKind.ResetRequest) ? fault.AfterBytes : long.MaxValue);
            await SendUpstreamAsync(head.Bytes, fault, budget, cancellationToken);
            await reader.CopyBodyAsync(head, piece => SendUpstreamAsync(piece, fault, budget, cancellationToken), cancellationToken);
        }

        // The client closed between requests: pass the end on, so the upstream closes its side too.
        upstream.Shutdown(SocketShutdown.Send);
    }

    private async Task SendUpstreamAsync(ReadOnlyMemory<byte> data, ProxyFault fault, Budget budget, CancellationToken cancellationToken)
    {
        if (budget.Take(data.Length) is var allowed && allowed < data.Length)
        {
            await upstream.SendAsync(data[..(int)allowed], SocketFlags.None, cancellationToken);
            proxy.CountReset();
            Reset();
            throw new OperationCanceledException("Reset by the fault proxy.");
        }

        await SendThrottledAsync(upstream, data, fault, cancellationToken);
    }

    private async Task PumpResponsesAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        Budget? budget = null;
        while (true)
        {
            var read = await upstream.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                client.Shutdown(SocketShutdown.Send);
                return;
            }

            var fault = proxy.Fault;
            if (budget is null && fault.TryUse(ProxyFaultKind.ResetResponse))
            {
                budget = new Budget(fault.AfterBytes);
            }

            proxy.CountResponseBytes(read);
            var data = buffer.AsMemory(0, read);
            if (budget is not null && budget.Take(read) is var allowed && allowed < read)
            {
                await WriteToClientAsync(data[..(int)allowed], cancellationToken);
                proxy.CountReset();
                Reset();
                return;
            }

            await _clientWrites.WaitAsync(cancellationToken);
            try
            {
                await SendThrottledAsync(client, data, fault, cancellationToken);
            }
            finally
            {
                _clientWrites.Release();
            }
        }
    }

    private static async Task SendThrottledAsync(Socket socket, ReadOnlyMemory<byte> data, ProxyFault fault, CancellationToken cancellationToken)
    {
        if (fault.Kind != ProxyFaultKind.Throttle)
        {
            await socket.SendAsync(data, SocketFlags.None, cancellationToken);
            return;
        }

        for (var at = 0; at < data.Length; at += fault.ChunkSize)
        {
            await Task.Delay(fault.Delay, cancellationToken);
            await socket.SendAsync(data[at..Math.Min(data.Length, at + fault.ChunkSize)], SocketFlags.None, cancellationToken);
        }
    }

    private async Task WriteToClientAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _clientWrites.WaitAsync(cancellationToken);
        try
        {
            await client.SendAsync(data, SocketFlags.None, cancellationToken);
        }
        finally
        {
            _clientWrites.Release();
        }
    }

    // Linger 0: close() sends an RST instead of a FIN, what a crashed gateway or a dropped NAT entry looks like.
    private void Reset()
    {
        foreach (var socket in new[] { client, upstream })
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>How many more bytes may pass before a reset.</summary>
    private sealed class Budget(long bytes)
    {
        private long _left = bytes;

        /// <summary>How many of <paramref name="count"/> bytes may pass.</summary>
        public long Take(long count)
        {
            var allowed = Math.Min(count, _left);
            _left -= allowed;
            return allowed;
        }
    }
}
