using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Accounts;

public sealed class AccountOptions
{
    public const string Section = "Depot:Accounts";

    // 30 days: a CLI login should survive a month of occasional use; "depot logout" or revocation ends it sooner.
    [Range(typeof(TimeSpan), "00:05:00", "365.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    // A personal access token without an expiry lives a year: long enough for a script, short enough to rot out.
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan PersonalTokenLifetime { get; set; } = TimeSpan.FromDays(365);

    // NIST SP 800-63B asks for at least 8; 10 costs users little and doubles the work of guessing.
    [Range(8, 128)]
    public int MinPasswordLength { get; set; } = 10;
}
