namespace Depot.Core.Accounts;

/// <summary>What a throttled secret check is counted against: an account (or other named secret) or a client address.</summary>
public readonly record struct ThrottleKey(string Value, bool IsAddress)
{
    public static ThrottleKey Account(string username) => new("account:" + SqlAccountStore.UsernameKey(username), false);

    public static ThrottleKey Address(string? address) => new("address:" + (address ?? "unknown"), true);
}
