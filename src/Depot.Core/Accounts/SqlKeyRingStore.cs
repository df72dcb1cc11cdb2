using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Accounts;

/// <summary>
/// The key ring that signs web-app antiforgery tokens, as opaque XML documents in the metadata store (table
/// <c>data_protection_keys</c>). Keys are only ever added; the framework retires them by writing revocations.
/// </summary>
public sealed class SqlKeyRingStore(IDatabase database, TimeProvider clock)
{
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return [.. await db.QueryAsync<string>(new CommandDefinition(
            "SELECT xml FROM data_protection_keys ORDER BY created_at, name", cancellationToken: cancellationToken))];
    }

    public async Task AddAsync(string name, string xml, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @at)",
            new { name, xml, at = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }
}
