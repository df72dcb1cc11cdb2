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

    /// <summary>PROPFIND Depth 1 of a folder, asking what rclone asks; returns the number of <c>DAV:response</c> elements.</summary>
    public abstract Task<int> CountPropfindAsync(string path, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="size"/> bytes of <see cref="PseudoRandom"/>(<paramref name="seed"/>), generated as they are sent.</summary>
    public abstract Task PutGeneratedAsync(string path, long size, ulong seed, CancellationToken cancellationToken);

    /// <summary>Stores the first <paramref name="count"/> bytes of <paramref name="buffer"/>; <paramref name="dav"/>: through WebDAV.</summary>
    public abstract Task PutSmallAsync(string path, byte[] buffer, int count, bool dav, CancellationToken cancellationToken);

    /// <summary>Reads a whole file through <paramref name="buffer"/>, discarding the bytes; returns how many there were.</summary>
    public abstract Task<long> GetAsync(string path, byte[] buffer, CancellationToken cancellationToken);

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
