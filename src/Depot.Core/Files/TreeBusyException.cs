namespace Depot.Core.Files;

/// <summary>
/// A group commit batch needed a second tree that another transaction holds. The batch does not wait for it (it holds
/// its own tree, so waiting could deadlock); the work is rolled back to its savepoint and runs again on its own.
/// </summary>
internal sealed class TreeBusyException() : Exception("The tree is locked by another writer; the work runs again on its own.");
