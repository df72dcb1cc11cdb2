using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary>The real server on https://127.0.0.1 with no certificate configured, so it generates a self-signed one.</summary>
public sealed class HttpsCliServer : DepotServer
{
    protected override IEnumerable<string> ExtraArguments => ["--urls=https://127.0.0.1:0"];

    /// <summary>Where the server writes its certificate's fingerprint for people to compare.</summary>
    public string Fingerprint => File.ReadAllText(Path.Combine(DataPath, "tls", "fingerprint.txt")).Trim();
}
