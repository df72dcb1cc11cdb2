using Depot.Core.Access;
using Depot.Core.Accounts;
using Depot.Core.Data;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// <c>depot-server reset-password &lt;user&gt;</c>: the way back in for an operator who lost the last admin password. It
/// works on the server machine only (it opens the data folder, which only the server's account may read), also while the
/// server runs. The new password comes from standard input when that is not a terminal (scripts), else it is generated
/// and printed once. All of the account's sessions and tokens end, the account is enabled, and the audit log records it.
/// </summary>
internal static class ResetPasswordCommand
{
    public const string Verb = "reset-password";

    // The actor the audit log names: someone with a shell on the server machine, not a signed-in user.
    private static readonly Caller ServerConsole = new("server-console", "depot-server", IsAdmin: true) { Address = "local" };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var username, .. var settings] || username.StartsWith('-'))
        {
            await Console.Error.WriteLineAsync("Usage: depot-server reset-password <user> [--data DIR] [other settings]");
            return 2;
        }

        try
        {
            var app = DepotApp.Build(settings);
            var data = app.Services.GetRequiredService<IOptions<DataFolderOptions>>().Value;
            var postgres = app.Services.GetRequiredService<IOptions<MetadataOptions>>().Value.IsPostgres;
            if ((!postgres && !File.Exists(data.DatabasePath))
                || await app.Services.GetRequiredService<Migrator>().CreatedAtAsync(CancellationToken.None) is null)
            {
                await Console.Error.WriteLineAsync(postgres
                    ? "depot-server: the PostgreSQL metadata database (Depot:Metadata:ConnectionString) holds no Depot data."
                    : $"depot-server: there is no Depot database at {data.DatabasePath}; give the data folder with --data.");
                return 1;
            }

            // Same as starting the new version: the schema this program's queries expect.
            await app.Services.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
            return await ResetAsync(app.Services.GetRequiredService<UserAdminService>(), username);
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"depot-server: {StartupFailure.Describe(exception)}");
            return 1;
        }
    }

    private static async Task<int> ResetAsync(UserAdminService users, string username)
    {
        var generated = !Console.IsInputRedirected;
        var password = generated ? Secrets.NewPassword() : (await Console.In.ReadLineAsync())?.TrimEnd('\r') ?? "";
        var reset = await users.ResetPasswordAsync(ServerConsole, username, password, CancellationToken.None);
        if (!reset.IsSuccess)
        {
            await Console.Error.WriteLineAsync($"depot-server: {reset.Error.Detail}");
            return 1;
        }

        var enabled = await users.UpdateAsync(ServerConsole, username, disabled: false, isAdmin: null, CancellationToken.None);
        if (!enabled.IsSuccess)
        {
            await Console.Error.WriteLineAsync($"depot-server: {enabled.Error.Detail}");
            return 1;
        }

        await Console.Out.WriteLineAsync(generated
            ? $"New password for '{username}': {password}\nIt is shown once. Every session and token of the account has ended."
            : $"Password of '{username}' changed. Every session and token of the account has ended.");
        return 0;
    }
}
