using Depot.Core.Storage.Encryption;
using Depot.Testing;

namespace Depot.Server.Tests.Encryption;

/// <summary>A server with encryption at rest on, its key in a file outside the data folder (local store, or S3 under DEPOT_TEST_STORAGE=s3).</summary>
public class EncryptedDepotServer : DepotServer
{
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("depot-keys-");

    public EncryptedDepotServer()
    {
        KeyFile = Path.Combine(_keys.FullName, "depot.key");
        File.WriteAllText(KeyFile, MasterKey.Generate().ToBase64() + "\n");
    }

    public string KeyFile { get; }

    /// <summary>Whether the file contents go to a bucket (always, for <see cref="EncryptedS3DepotServer"/>).</summary>
    public virtual bool OnS3 => TestStorage.UseS3;

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Depot:Encryption:Enabled=true", $"--Depot:Encryption:KeyFile={KeyFile}", "--Depot:Scrub:BytesPerSecond=1073741824",
        .. OnS3 && !TestStorage.UseS3 ? TestStorage.S3Arguments(DataPath) : [],
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _keys.Delete(recursive: true);
    }
}

/// <summary>An <see cref="EncryptedDepotServer"/> whose file contents are in a bucket of its own on the test RGW.</summary>
public sealed class EncryptedS3DepotServer : EncryptedDepotServer
{
    public override bool OnS3 => true;
}
