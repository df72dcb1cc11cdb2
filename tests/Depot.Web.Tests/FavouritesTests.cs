using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>Starring from the row menu, the star mark, the Favourites and Recent views; axe in both themes.</summary>
[Collection(nameof(WebAppCollection))]
public sealed class FavouritesTests(WebAppFixture app)
{
    [Fact]
    public async Task Star_from_the_menu_shows_a_mark_and_lists_under_favourites_until_unstarred()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/Projects/plan.txt", "plan"u8.ToArray());
        await user.Http.PutAsync("/notes.txt", "n"u8.ToArray());
        await page.ReloadAsync();

        await page.GetByRole(AriaRole.Option, new() { Name = "Projects" }).ClickAsync(new() { Button = MouseButton.Right });
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Add to favourites" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "Projects" })).ToHaveAccessibleNameAsync(new Regex("favourite"));

        await Nav(page, "Favourites").ClickAsync();
        var rows = page.Locator("table.favourites tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Projects");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Projects from favourites" }).ClickAsync();
        await Expect(page.GetByText("No favourites yet.")).ToBeVisibleAsync();

        await Nav(page, "Recent").ClickAsync();
        await Expect(page.Locator("table.recent tbody tr").First).ToContainTextAsync("notes.txt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show plan.txt in its folder" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "plan.txt" })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Favourites_and_recent_pass_axe_and_are_photographed(string theme)
    {
        using var user = await app.Server.CreateUserAsync();
        await user.Http.PutAsync("/Projects/plan.txt", "plan"u8.ToArray());
        await user.Http.PutAsync("/notes.txt", "n"u8.ToArray());
        (await user.Http.PutAsync("/api/v1/favourites/Projects", null)).EnsureSuccessStatusCode();
        (await user.Http.PutAsync("/api/v1/favourites/notes.txt", null)).EnsureSuccessStatusCode();
        Directory.CreateDirectory(WebAppFixture.ArtifactsDirectory);
        var axe = new Axe();
        foreach (var (name, size) in WebAppFixture.Viewports)
        {
            var (context, page) = await app.SignedInForAxeAsync(user, theme, size);
            await using var _ = context;
            foreach (var view in new[] { "favourites", "recent" })
            {
                await page.GotoAsync("/" + view);
                await Expect(page.Locator($"table.{view} tbody tr")).ToHaveCountAsync(2);
                await axe.CheckAsync(page, $"{view} ({name})");
                await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ArtifactsDirectory, $"{view}-{name}-{theme}.png") });
            }
        }

        axe.AssertNoViolations();
    }

    private static ILocator Nav(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
}
