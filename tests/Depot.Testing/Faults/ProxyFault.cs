namespace Depot.Testing.Faults;

/// <summary>What <see cref="FaultProxy"/> does to the traffic from now on; a fault with a count ends after that many uses.</summary>
internal sealed class ProxyFault
{
    private readonly bool _endless;
    private int _remaining;

    private ProxyFault(ProxyFaultKind kind, int? times, long afterBytes = 0, TimeSpan delay = default, int chunkSize = 0)
    {
        Kind = kind;
        _endless = times is null;
        _remaining = times ?? 0;
        AfterBytes = afterBytes;
        Delay = delay;
        ChunkSize = chunkSize;
    }

    public static ProxyFault None { get; } = new(ProxyFaultKind.None, null);

    public ProxyFaultKind Kind { get; }

    /// <summary>For the resets: how many bytes pass before the connection is reset.</summary>
    public long AfterBytes { get; }

    /// <summary>For the throttle: the pause before each chunk, in both directions.</summary>
    public TimeSpan Delay { get; }

    public int ChunkSize { get; }

    public static ProxyFault SlowDown(int? requests) => new(ProxyFaultKind.SlowDown, requests);

    public static ProxyFault Throttle(TimeSpan delay, int chunkSize) => new(ProxyFaultKind.Throttle, null, delay: delay, chunkSize: chunkSize);

    public static ProxyFault ResetRequests(long afterBytes, int? times) => new(ProxyFaultKind.ResetRequest, times, afterBytes);

    public static ProxyFault ResetResponses(long afterBytes, int? times) => new(ProxyFaultKind.ResetResponse, times, afterBytes);

    /// <summary>True if this fault applies once more (and counts the use); false once its count is spent.</summary>
    public bool TryUse(ProxyFaultKind kind)
    {
        if (Kind != kind)
        {
            return false;
        }

        // Below zero stays below zero: a spent count never comes back.
        return _endless || Interlocked.Decrement(ref _remaining) >= 0;
    }
}

internal enum ProxyFaultKind
{
    None,
    SlowDown,
    Throttle,
    ResetRequest,
    ResetResponse,
}
