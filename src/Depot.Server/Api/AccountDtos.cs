using Depot.Core.Accounts;
using Depot.Protocol.Auth;
using Depot.Protocol.Users;

namespace Depot.Server.Api;

internal static class AccountDtos
{
    public static UserInfo ToInfo(this UserRecord user, bool twoFactorRequired = false) =>
        new(user.Username, user.IsAdmin, user.Disabled, user.QuotaBytes, user.UsedBytes, user.CreatedAt, user.HasSecondFactor, twoFactorRequired);

    public static TokenInfo ToInfo(this TokenRecord token, string? currentTokenId) =>
        new(token.Id, token.Kind, token.Name, token.CreatedAt, token.ExpiresAt, token.LastUsedAt, token.CreatedFrom,
            token.Id == currentTokenId);
}
