namespace Depot.Server.Hosting;

/// <summary>
/// The server will not start with this configuration; the message tells the operator what to change.
/// <c>Program.cs</c> prints it without a stack trace and exits with code 1.
/// </summary>
public sealed class StartupRefusedException(string message) : Exception(message);
