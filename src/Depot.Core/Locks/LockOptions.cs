using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Locks;

/// <summary>WebDAV lock timeouts and limits (<c>Depot:Locks</c>).</summary>
public sealed class LockOptions
{
    public const string Section = "Depot:Locks";

    /// <summary>
    /// When the client asks for no timeout. Ten minutes: a client that crashed releases its files soon, and the
    /// ones that hold locks (Office, Finder) refresh them well within that.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest timeout granted, also for "Infinite" (RFC 4918 §10.7 lets the server choose): one hour.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Live locks a user took, in their own tree and in others' shared with them: far above any real client, and a bound
    /// on what one account can make every check read.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPerUser { get; set; } = 1000;
}
