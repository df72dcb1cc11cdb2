namespace Depot.Cli.Transfers;

/// <summary>A local file to upload and the Depot path it goes to.</summary>
internal sealed record LocalFile(string Path, string Remote, long Size);
