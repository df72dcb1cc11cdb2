namespace Depot.Server.Hosting;

/// <summary>Encryption at rest of file contents (<c>Depot:Encryption</c>); docs/configuration.md and docs/operations.md.</summary>
internal sealed class EncryptionOptions
{
    public const string Section = "Depot:Encryption";

    // Off: a lost key is lost data, so encryption is a decision the operator takes (and keeps the key apart) knowingly.
    public bool Enabled { get; set; }

    /// <summary>A file holding the 256-bit master key (base64 or 32 raw bytes); never inside the data folder.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The environment variable holding the key (base64), used when <see cref="KeyFile"/> is not set.</summary>
    public string KeyEnvironmentVariable { get; set; } = "DEPOT_ENCRYPTION_KEY";
}
