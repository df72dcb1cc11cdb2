namespace Depot.Server.Hosting;

/// <summary>Log messages of start-up and hosting: event ids 1000–1099.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(1000, LogLevel.Information, "Metadata schema up to date ({Applied} migrations applied)")]
    public static partial void MigrationsApplied(ILogger logger, int applied);

    [LoggerMessage(1001, LogLevel.Warning, "Created the administrator account 'admin' with {Source}")]
    public static partial void AdminCreated(ILogger logger, string source);
}
