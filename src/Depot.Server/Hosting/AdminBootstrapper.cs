using Depot.Core.Accounts;

namespace Depot.Server.Hosting;

/// <summary>
/// First start with an empty store: creates <c>admin</c> with <c>DEPOT_ADMIN_PASSWORD</c>, or with a random
/// password printed once to the console (not to the log, which may be shipped elsewhere).
/// </summary>
internal sealed class AdminBootstrapper(IAccountStore store, UserAdminService users, IConfiguration configuration,
    ILogger<AdminBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await store.CountUsersAsync(cancellationToken) > 0)
        {
            return;
        }

        var configured = configuration["DEPOT_ADMIN_PASSWORD"];
        var password = string.IsNullOrEmpty(configured) ? Secrets.NewPassword() : configured;
        var created = await users.CreateUncheckedAsync("admin", password, isAdmin: true, quotaBytes: null, cancellationToken);
        if (!created.IsSuccess)
        {
            throw new StartupRefusedException($"Cannot create the admin account: {created.Error.Detail}");
        }

        HostingLog.AdminCreated(logger, string.IsNullOrEmpty(configured) ? "a generated password" : "DEPOT_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(configured))
        {
            await Console.Out.WriteLineAsync(
                $"""

                 ┌─ Depot: first start ──────────────────────────────────────────
                 │  Created the administrator account.
                 │    username: admin
                 │    password: {password}
                 │  This is shown once. Sign in and change it: depot passwd
                 └───────────────────────────────────────────────────────────────

                """.AsMemory(), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
