namespace Depot.Core.Changes;

/// <summary>
/// A change noted during a write transaction, turned into feed rows just before it commits (<see cref="ChangeRecorder"/>).
/// <see cref="Before"/>: the node's place before a move or a purge, read before the statement changed it.
/// </summary>
internal sealed record ChangeDraft(string Kind, string NodeId, ChangeChain? Before);
