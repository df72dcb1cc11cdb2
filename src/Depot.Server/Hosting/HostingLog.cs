namespace Depot.Server.Hosting;

/// <summary>Log messages of start-up and hosting: event ids 1000–1099.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(1000, LogLevel.Information, "Metadata schema up to date ({Applied} migrations applied)")]
    public static partial void MigrationsApplied(ILogger logger, int applied);

    [LoggerMessage(1001, LogLevel.Warning, "Created the administrator account 'admin' with {Source}")]
    public static partial void AdminCreated(ILogger logger, string source);

    [LoggerMessage(1002, LogLevel.Information,
        "TLS certificate {Subject}, fingerprint {Fingerprint}, valid until {NotAfter:u}, from {Source}")]
    public static partial void CertificateInUse(ILogger logger, string subject, string fingerprint, DateTime notAfter, string source);

    [LoggerMessage(1003, LogLevel.Warning, "Generated a self-signed TLS certificate in {Path}; clients will ask to trust its fingerprint")]
    public static partial void SelfSignedCreated(ILogger logger, string path);

    [LoggerMessage(1004, LogLevel.Warning,
        "The self-signed TLS certificate {Fingerprint} expires {NotAfter:u}; replacing it, so clients will see a new fingerprint")]
    public static partial void SelfSignedRenewing(ILogger logger, string fingerprint, DateTime notAfter);

    [LoggerMessage(1005, LogLevel.Warning, "The TLS certificate {Fingerprint} expires {NotAfter:u}; renew it")]
    public static partial void CertificateExpiresSoon(ILogger logger, string fingerprint, DateTime notAfter);

    [LoggerMessage(1006, LogLevel.Warning, "The data folder {Path} was readable by other accounts (mode {Mode}); made it owner-only (0700)")]
    public static partial void DataFolderTightened(ILogger logger, string path, string mode);

    [LoggerMessage(1007, LogLevel.Warning,
        "The data folder {Path} is readable by other accounts (mode {Mode}) and is not ours to change; make it owner-only (chmod 700)")]
    public static partial void DataFolderOpen(ILogger logger, string path, string mode);

    [LoggerMessage(1008, LogLevel.Warning,
        "Starting with a new, empty metadata store although the blob store holds files (Depot:Storage:ReinitializeMetadata=true); the old files become orphans, collected once the new store is older than the orphan grace period")]
    public static partial void ReinitializingOverBlobs(ILogger logger);

    [LoggerMessage(1010, LogLevel.Information,
        "Shutting down: /readyz now fails; serving requests that still arrive for the drain delay of {DelaySeconds} s")]
    public static partial void DrainStarted(ILogger logger, double delaySeconds);

    [LoggerMessage(1011, LogLevel.Information,
        "Drain delay over: no longer accepting connections; requests in flight get up to the shutdown timeout ({TimeoutSeconds} s, counted from the stop signal)")]
    public static partial void DrainEnded(ILogger logger, double timeoutSeconds);

    [LoggerMessage(1012, LogLevel.Information, "Stopped: every request in flight has finished or met the shutdown timeout")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(1050, LogLevel.Error, "Maintenance run failed; retrying at the next interval")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(1051, LogLevel.Debug, "Analysed PostgreSQL tables that grew: {Tables}")]
    public static partial void StatisticsRefreshed(ILogger logger, string tables);

    [LoggerMessage(1052, LogLevel.Warning, "Could not refresh PostgreSQL statistics ({Reason}); trying again shortly")]
    public static partial void StatisticsFailed(ILogger logger, string reason);

    [LoggerMessage(1060, LogLevel.Information, "Encryption at rest is on (key {KeyId}); the configured key opens the stored content")]
    public static partial void EncryptionOn(ILogger logger, string keyId);

    [LoggerMessage(1061, LogLevel.Warning, "Encryption at rest is on but the key could not be checked against the store: {Reason}")]
    public static partial void EncryptionKeyUnchecked(ILogger logger, string reason);
}
