namespace Depot.Cli.Transfers;

/// <summary>Where a <c>put</c> goes (<see cref="Destination"/>, a folder when <see cref="IsFolder"/>), the remote folders to create and the files.</summary>
internal sealed record UploadPlan(string Destination, bool IsFolder, IReadOnlyList<string> Folders, IReadOnlyList<LocalFile> Files);
