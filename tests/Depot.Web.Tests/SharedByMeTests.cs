using Depot.Protocol.Sharing;
using Depot.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>"Shared by me": every share and link the user made in one table, each revocable; axe in both themes.</summary>
[Collection(nameof(WebAppCollection))]
public sealed class SharedByMeTests(WebAppFixture app)
{
    [Fact]
    public async Task Lists_shares_and_links_together_and_revokes_them()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        using var friend = await app.Server.CreateUserAsync();
        await SeedAsync(user, friend);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Shared by me" }).ClickAsync();
        var rows = page.Locator("table.shared-by-me tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToContainTextAsync(friend.Username);
        await Expect(rows.Nth(0)).ToContainTextAsync("Editor");
        await Expect(rows.Nth(1)).ToContainTextAsync("Anyone with the link");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke share of Reports with {friend.Username}" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Stop sharing" }).GetByRole(AriaRole.Button, new() { Name = "Stop sharing" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        Assert.Empty(await user.Http.SharesAsync("/Reports"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke link to Reports" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Revoke link" }).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        Assert.Empty(await user.Http.LinksAsync("/Reports"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Show todo.txt in its folder" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "todo.txt" })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Passes_axe_and_is_photographed(string theme)
    {
        using var user = await app.Server.CreateUserAsync();
        using var friend = await app.Server.CreateUserAsync();
        await SeedAsync(user, friend);
        Directory.CreateDirectory(WebAppFixture.ArtifactsDirectory);
        var axe = new Axe();
        foreach (var (name, size) in WebAppFixture.Viewports)
        {
            var (context, page) = await app.SignedInForAxeAsync(user, theme, size);
            await using var _ = context;
            await page.GotoAsync("/shared-by-me");
            await Expect(page.Locator("table.shared-by-me tbody tr")).ToHaveCountAsync(3);
            await axe.CheckAsync(page, $"shared by me ({name})");
            await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ArtifactsDirectory, $"shared-by-me-{name}-{theme}.png") });
        }

        axe.AssertNoViolations();
    }

    private static async Task SeedAsync(TestUser user, TestUser friend)
    {
        await user.Http.MkdirAsync("/Reports");
        await user.Http.PutAsync("/todo.txt", "milk"u8.ToArray());
        await user.Http.ShareAsync("/Reports", friend.Username, Roles.Editor);
        await user.Http.CreateLinkAsync("/Reports");
        await user.Http.CreateLinkAsync("/todo.txt");
    }
}
