using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Accounts.TwoFactor;

/// <summary>
/// <see cref="ITwoFactorStore"/> in portable SQL. Spending a step or a recovery code is one conditional UPDATE, so two
/// nodes given the same code at the same moment cannot both accept it: the database decides which row count is 1.
/// </summary>
public sealed class SqlTwoFactorStore(IDatabase database) : ITwoFactorStore
{
    public async Task<TwoFactorRecord?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        var row = await db.QuerySingleOrDefaultAsync<Row>(Command(
            "SELECT user_id AS userid, secret, created_at AS createdat, confirmed_at AS confirmedat, last_step AS laststep " +
            "FROM two_factor WHERE user_id = @userId", new { userId }, cancellationToken));
        return row?.ToRecord();
    }

    public async Task<bool> StartAsync(string userId, string secret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Accounts], cancellationToken);
        await db.ExecuteAsync(Command("DELETE FROM two_factor WHERE user_id = @userId AND confirmed_at IS NULL", new { userId }, cancellationToken, tx));
        if (await db.ExecuteScalarAsync<long>(Command("SELECT COUNT(*) FROM two_factor WHERE user_id = @userId", new { userId }, cancellationToken, tx)) > 0)
        {
            return false;
        }

        await db.ExecuteAsync(Command(
            "INSERT INTO two_factor (user_id, secret, created_at, confirmed_at, last_step) VALUES (@userId, @secret, @now, NULL, 0)",
            new { userId, secret, now = now.ToUnixTimeMilliseconds() }, cancellationToken, tx));
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> ConfirmAsync(
        string userId, long step, IReadOnlyList<string> recoveryHashes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Accounts], cancellationToken);
        var confirmed = await db.ExecuteAsync(Command(
            "UPDATE two_factor SET confirmed_at = @now, last_step = @step WHERE user_id = @userId AND confirmed_at IS NULL",
            new { userId, step, now = now.ToUnixTimeMilliseconds() }, cancellationToken, tx));
        if (confirmed == 0)
        {
            return false;
        }

        await db.ExecuteAsync(Command("DELETE FROM recovery_codes WHERE user_id = @userId", new { userId }, cancellationToken, tx));
        foreach (var hash in recoveryHashes)
        {
            await db.ExecuteAsync(Command("INSERT INTO recovery_codes (user_id, hash, used_at) VALUES (@userId, @hash, NULL)",
                new { userId, hash }, cancellationToken, tx));
        }

        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> TrySpendStepAsync(string userId, long step, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteAsync(Command(
            "UPDATE two_factor SET last_step = @step WHERE user_id = @userId AND confirmed_at IS NOT NULL AND last_step < @step",
            new { userId, step }, cancellationToken)) == 1;
    }

    public async Task<bool> TrySpendRecoveryCodeAsync(string userId, string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteAsync(Command(
            "UPDATE recovery_codes SET used_at = @now WHERE user_id = @userId AND hash = @hash AND used_at IS NULL",
            new { userId, hash, now = now.ToUnixTimeMilliseconds() }, cancellationToken)) == 1;
    }

    public async Task<bool> ReplaceRecoveryCodesAsync(string userId, IReadOnlyList<string> recoveryHashes, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Accounts], cancellationToken);
        if (await db.ExecuteScalarAsync<long>(Command("SELECT COUNT(*) FROM two_factor WHERE user_id = @userId AND confirmed_at IS NOT NULL",
                new { userId }, cancellationToken, tx)) == 0)
        {
            return false;
        }

        await db.ExecuteAsync(Command("DELETE FROM recovery_codes WHERE user_id = @userId", new { userId }, cancellationToken, tx));
        foreach (var hash in recoveryHashes)
        {
            await db.ExecuteAsync(Command("INSERT INTO recovery_codes (user_id, hash, used_at) VALUES (@userId, @hash, NULL)",
                new { userId, hash }, cancellationToken, tx));
        }

        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<int> CountRecoveryCodesLeftAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteScalarAsync<int>(Command(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = @userId AND used_at IS NULL", new { userId }, cancellationToken));
    }

    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Accounts], cancellationToken);
        await db.ExecuteAsync(Command("DELETE FROM recovery_codes WHERE user_id = @userId", new { userId }, cancellationToken, tx));
        var deleted = await db.ExecuteAsync(Command("DELETE FROM two_factor WHERE user_id = @userId", new { userId }, cancellationToken, tx));
        await tx.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    private static CommandDefinition Command(string sql, object parameters, CancellationToken cancellationToken, System.Data.Common.DbTransaction? tx = null) =>
        new(sql, parameters, tx, cancellationToken: cancellationToken);

    private sealed class Row
    {
        public string UserId { get; set; } = "";
        public string Secret { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? ConfirmedAt { get; set; }
        public long LastStep { get; set; }

        public TwoFactorRecord ToRecord() => new(UserId, Secret, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            ConfirmedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, LastStep);
    }
}
