using Depot.Protocol.Sharing;
using Depot.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>
/// Activity (what changed in my files and what was shared with me, newest first) and the count of new shares beside
/// "Shared with me", which clears once that view is opened. axe in both themes with the badge showing.
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class ActivityTests(WebAppFixture app)
{
    [Fact]
    public async Task Shows_changes_and_new_shares_and_the_badge_clears_after_a_visit()
    {
        using var friend = await app.Server.CreateUserAsync();
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await SeedAsync(user, friend);
        await page.ReloadAsync();

        var sharedLink = Nav(page, "Shared with me");
        await Expect(page.Locator("#shared-new")).ToHaveTextAsync("1 new");   // "1" on screen, " new" for screen readers
        await Expect(sharedLink).ToHaveAccessibleDescriptionAsync("1 new");

        await Nav(page, "Activity").ClickAsync();
        var items = page.Locator("ol.activity li");
        await Expect(items.Filter(new() { HasText = $"{friend.Username} shared from-friend.txt with you (Editor)" })).ToHaveCountAsync(1);
        await Expect(items.Filter(new() { HasText = "You moved to the trash /old.txt" })).ToHaveCountAsync(1);
        await Expect(items.Filter(new() { HasText = "/mine.txt changed" })).ToHaveCountAsync(1);

        await sharedLink.ClickAsync();
        await Expect(page.Locator("tr[data-name='from-friend.txt']")).ToBeVisibleAsync();
        await Expect(page.Locator("#shared-new")).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Expect(Nav(page, "Files")).ToBeVisibleAsync();
        await Expect(page.Locator("#shared-new")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Activity_with_the_badge_passes_axe_and_is_photographed(string theme)
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
            await page.GotoAsync("/activity");
            await Expect(page.Locator("ol.activity li")).ToHaveCountAsync(3);
            if (name == "phone")
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
            }

            await Expect(page.Locator("#shared-new")).ToBeVisibleAsync();
            await axe.CheckAsync(page, $"activity ({name})");
            await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ArtifactsDirectory, $"activity-{name}-{theme}.png") });
        }

        axe.AssertNoViolations();
    }

    private static ILocator Nav(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    // Three events: a file changed, a file moved to the trash (no longer a recent file), a share from a friend.
    private static async Task SeedAsync(TestUser user, TestUser friend)
    {
        await user.Http.PutAsync("/old.txt", "o"u8.ToArray());
        (await user.Http.DeleteAsync(Rest.Url("files", "/old.txt"))).EnsureSuccessStatusCode();
        await user.Http.PutAsync("/mine.txt", "m"u8.ToArray());
        await friend.Http.PutAsync("/from-friend.txt", "f"u8.ToArray());
        await friend.Http.ShareAsync("/from-friend.txt", user.Username, Roles.Editor);
    }
}
