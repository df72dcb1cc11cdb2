namespace Depot.Core.Access;

/// <summary>
/// What a public-link visitor may reach: the link's item (<see cref="RootId"/>) and what lies below it in its owner's
/// tree, never an item mounted there from someone else's share (not the owner's to publish). A view link only reads;
/// a drop box (<see cref="DropBox"/>) only creates new files in it: no listing, no reading, no overwriting. The core
/// enforces it where every path is resolved (<c>Files/FileTree</c>), for any protocol that serves links.
/// </summary>
public sealed record LinkScope(string LinkId, string RootId, bool DropBox);
