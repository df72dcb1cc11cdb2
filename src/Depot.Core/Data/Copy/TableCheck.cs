namespace Depot.Core.Data.Copy;

/// <summary>One table of a copy, verified: rows and SHA-256 (see <see cref="TableChecksum"/>) on each side.</summary>
public sealed record TableCheck(string Table, long SourceRows, long TargetRows, string SourceSha256, string TargetSha256)
{
    public bool Matches => SourceRows == TargetRows && string.Equals(SourceSha256, TargetSha256, StringComparison.Ordinal);
}
