using System.Net;
using Depot.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

[Collection(nameof(WebAppCollection))]
public sealed class UsersAdminTests(WebAppFixture app)
{
    [Fact]
    public async Task Admin_creates_a_user_with_a_quota_resets_their_password_toggles_admin_and_disables_them()
    {
        var (context, page, admin) = await app.SignedInAsync(isAdmin: true);
        await using var _ = context;
        using var anonymous = app.Server.CreateHttpClient();
        var username = "ui-" + Guid.NewGuid().ToString("N")[..12];
        const string first = "first-password-0123";
        const string second = "second-password-4567";

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New user" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New user" });
        await dialog.GetByLabel("Username").FillAsync(username);
        await dialog.GetByLabel("Password").FillAsync(first);
        await dialog.GetByLabel("Quota").FillAsync("5 MiB");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var row = page.Locator($"tr[data-user='{username}']");
        await Expect(row).ToContainTextAsync("5.0 MiB");
        var created = await admin.Http.UserAsync(username);
        Assert.Equal(5L * 1024 * 1024, created!.QuotaBytes);
        Assert.False(created.IsAdmin);
        Assert.Equal(HttpStatusCode.OK, await anonymous.SignInStatusAsync(username, first));

        await row.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Reset password of {username}" });
        await dialog.GetByLabel("Password").FillAsync(second);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.OK, await anonymous.SignInStatusAsync(username, second));
        Assert.Equal(HttpStatusCode.Unauthorized, await anonymous.SignInStatusAsync(username, first));

        await row.GetByRole(AriaRole.Button, new() { Name = "Make admin" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Remove admin" })).ToBeVisibleAsync();
        Assert.True((await admin.Http.UserAsync(username))!.IsAdmin);
        await row.GetByRole(AriaRole.Button, new() { Name = "Remove admin" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Make admin" })).ToBeVisibleAsync();
        Assert.False((await admin.Http.UserAsync(username))!.IsAdmin);

        using var session = app.Server.CreateHttpClient(await app.Server.SignInAsync(username, second));
        Assert.Equal(HttpStatusCode.OK, await session.MeStatusAsync());
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Disabled");
        Assert.True((await admin.Http.UserAsync(username))!.Disabled);
        Assert.Equal(HttpStatusCode.Unauthorized, await session.MeStatusAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await anonymous.SignInStatusAsync(username, second));
    }

    [Fact]
    public async Task Demoting_the_last_active_admin_is_refused_in_plain_words()
    {
        // A server of its own: the shared one has an admin per admin test, so none of them is ever the last.
        var server = new DepotServer();
        await server.InitializeAsync();
        try
        {
            await using var context = await app.Browser.NewContextAsync(new() { BaseURL = server.Address.ToString().TrimEnd('/') });
            context.SetDefaultTimeout(15_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/admin/users");
            await page.GetByLabel("Username").FillAsync("admin");
            await page.GetByLabel("Password").FillAsync(DepotServer.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

            var row = page.Locator("tr[data-user='admin']");
            await row.GetByRole(AriaRole.Button, new() { Name = "Remove admin" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("admin is the last active administrator");
            await page.ReloadAsync();   // starts without the message, so the next one is the answer to Disable
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
            await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("admin is the last active administrator");

            using var admin = await server.CreateAdminHttpClientAsync();
            var still = await admin.UserAsync("admin");
            Assert.True(still!.IsAdmin);
            Assert.False(still.Disabled);
            await Expect(row).ToContainTextAsync("Active");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
