namespace Depot.Core;

/// <summary>Identifiers: time-ordered GUIDs (v7) in compact hex, portable as TEXT in SQLite and PostgreSQL.</summary>
public static class Ids
{
    public static string New(TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");
}
