using Depot.Core.Data;

namespace Depot.PgPlans;

/// <summary>Writes the generated rows into a migrated database, in one transaction.</summary>
internal static class DataLoader
{
    public static async Task LoadAsync(IDatabase database, Rows rows)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        await BulkInsert.RunAsync(connection, transaction, "users", Rows.UserColumns, rows.Users);
        await BulkInsert.RunAsync(connection, transaction, "nodes", Rows.NodeColumns, rows.Nodes);
        await BulkInsert.RunAsync(connection, transaction, "blobs", Rows.BlobColumns, rows.Blobs);
        await BulkInsert.RunAsync(connection, transaction, "versions", Rows.VersionColumns, rows.Versions);
        await BulkInsert.RunAsync(connection, transaction, "shares", Rows.ShareColumns, rows.Shares);
        await BulkInsert.RunAsync(connection, transaction, "mounts", Rows.MountColumns, rows.Mounts);
        await BulkInsert.RunAsync(connection, transaction, "locks", Rows.LockColumns, rows.Locks);
        await BulkInsert.RunAsync(connection, transaction, "uploads", Rows.UploadColumns, rows.Uploads);
        await BulkInsert.RunAsync(connection, transaction, "audit_events", Rows.AuditColumns, rows.Audit);
        await transaction.CommitAsync();
    }
}
