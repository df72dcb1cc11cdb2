namespace Depot.Core.Files;

/// <summary>
/// A download's content was purged (a version pruned, the trash emptied) between finding the file and reading its
/// bytes: the file is gone, as it would have been a moment earlier. The server answers 404, if nothing was sent yet.
/// </summary>
public sealed class ContentGoneException(string path) : IOException($"'{path}' was deleted while it was being opened.");
