namespace Depot.Core.Changes;

/// <summary>Changes after a cursor, oldest first; <see cref="Cursor"/> is where to continue; more are waiting when <see cref="HasMore"/>.</summary>
public sealed record ChangePage(IReadOnlyList<ChangeEntry> Changes, string Cursor, bool HasMore);
