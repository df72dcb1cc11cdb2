using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// Turns what stops the server from starting into one sentence for the operator: the option or path at fault and what
/// to do. Most failures are caught by <see cref="StartupPreflight"/> before anything is created; this also covers what
/// the framework throws itself (option validation and binding, a port taken between the check and the bind).
/// </summary>
internal static class StartupFailure
{
    public static string Describe(Exception exception) => Unwrap(exception) switch
    {
        StartupRefusedException refused => refused.Message,
        OptionsValidationException invalid =>
            $"{string.Join("; ", invalid.Failures)}. Change it in appsettings.json, the environment or on the command line (docs/configuration.md).",
        InvalidOperationException { InnerException: FormatException or OverflowException or ArgumentException } binding
            when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            $"{binding.Message.TrimEnd('.')}. Fix the value (docs/configuration.md).",
        IOException { InnerException: AddressInUseException } bind =>
            $"{bind.Message.TrimEnd('.')}. Stop the program using it or choose another address with --urls.",
        IOException { InnerException: SocketException } bind =>
            $"{bind.Message.TrimEnd('.')}. Check the addresses given with --urls.",
        UnauthorizedAccessException denied =>
            $"permission denied: {denied.Message} Give the user running depot-server access, or choose another data folder with --data.",
        var other => $"could not start ({other.GetType().Name}): {other.Message}",
    };

    // The host wraps a failed hosted service in an AggregateException when several fail; the first names the cause.
    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;
}
