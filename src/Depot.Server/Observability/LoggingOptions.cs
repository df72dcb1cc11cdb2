namespace Depot.Server.Observability;

/// <summary>How the console log is written. Levels are the standard <c>Logging:LogLevel:*</c> settings.</summary>
internal sealed class LoggingOptions
{
    public const string Section = "Depot:Logging";

    // Off: one readable line per message for a person at a terminal or journalctl; turn on to ship to a
    // log store (one JSON object per line, scopes such as RequestId as properties).
    public bool Json { get; set; }
}
