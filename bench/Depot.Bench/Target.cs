namespace Depot.Bench;

/// <summary>
/// One thing under test: a server over HTTP (<see cref="HttpTarget"/>) or an object store through its SDK
/// (<see cref="SdkTarget"/>). Paths are relative ("bench/small/f00001.bin"); each target maps them onto its own names.
/// </summary>
internal abstract class Target(string name)
{
    public string Name => name;

    /// <summary>Requests that were throttled (429/503) and sent again.</summary>
    public virtual int Retries => 0;

    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether this target takes part in a phase; one that does not gets no result (an empty cell).</summary>
    public virtual bool Runs(Phase phase) => true;

    public abstract Task CreateFolderAsync(string path, CancellationToken cancellationToken);

    /// <summary>Lists every entry of a folder (all pages) and returns how many there are.</summary>
    public abstract Task<int> CountFolderAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// PROPFIND Depth 1 of a folder, asking what rclone asks, or with no body (allprop, RFC 4918 §9.1) when
    /// <paramref name="allprop"/>; returns the number of <c>DAV:response</c> elements.
    /// </summary>
    public abstract Task<int> CountPropfindAsync(string path, bool allprop, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="size"/> bytes of <see cref="PseudoRandom"/>(<paramref name="seed"/>), generated as they are sent.</summary>
    public abstract Task PutGeneratedAsync(string path, long size, ulong seed, CancellationToken cancellationToken);

    /// <summary>Stores the first <paramref name="count"/> bytes of <paramref name="buffer"/>; <paramref name="dav"/>: through WebDAV.</summary>
    public abstract Task PutSmallAsync(string path, byte[] buffer, int count, bool dav, CancellationToken cancellationToken);

    /// <summary>Reads a whole file through <paramref name="buffer"/>, discarding the bytes; returns how many there were. <paramref name="dav"/>: through WebDAV.</summary>
    public abstract Task<long> GetAsync(string path, byte[] buffer, bool dav, CancellationToken cancellationToken);

    /// <summary>The WebDAV GET of a file as wrk sends it (URL and credentials), or null when this target has none.</summary>
    public virtual WrkRequest? WrkGet(string path) => null;

    /// <summary>The server's health probe as wrk sends it, or null when it has none.</summary>
    public virtual WrkRequest? WrkHealth() => null;

    /// <summary>This round's wrk run of the GET row, which the latency rows after it report (null until it has run).</summary>
    public WrkResult? LastWrkGet { get; set; }

    protected static async Task<long> DrainAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }
}
