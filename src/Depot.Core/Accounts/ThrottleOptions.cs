using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Accounts;

/// <summary>How secret checks (passwords, tokens, later share passwords) are slowed after failures.</summary>
public sealed class ThrottleOptions
{
    public const string Section = "Depot:Throttle";

    // Five wrong passwords are a typo streak; the sixth starts the back-off.
    [Range(1, 1000)]
    public int FreeFailuresPerAccount { get; set; } = 5;

    // One address may serve many users (an office NAT), so it gets more room than one account.
    [Range(1, 10000)]
    public int FreeFailuresPerAddress { get; set; } = 20;

    // Back-off doubles from 1 s per failure past the free ones, capped at 15 minutes.
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    // Failures are forgotten after an hour without new ones.
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
}
