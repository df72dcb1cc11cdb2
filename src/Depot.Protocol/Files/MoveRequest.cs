namespace Depot.Protocol.Files;

/// <summary>
/// Body of <c>POST /api/v1/moves</c> and <c>POST /api/v1/copies</c>. <see cref="To"/> is the full new path.
/// With <see cref="Overwrite"/> an existing target file is replaced (it goes to trash); folders never merge.
/// </summary>
public sealed record MoveRequest(string From, string To, bool Overwrite = false);
