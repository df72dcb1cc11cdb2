namespace Depot.Core.Storage.Move;

/// <summary>One blob <see cref="BlobMover"/> could not copy, and one sentence on why.</summary>
public sealed record BlobMoveProblem(string BlobId, BlobMoveFailure Failure, string Detail);
