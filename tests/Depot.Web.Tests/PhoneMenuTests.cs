using Microsoft.Playwright;

namespace Depot.Web.Tests;

/// <summary>The phone menu takes the keyboard with it: opening moves focus into it, Escape closes it and goes back.</summary>
[Collection(nameof(WebAppCollection))]
public sealed class PhoneMenuTests(WebAppFixture app)
{
    [Fact]
    public async Task Opening_the_menu_focuses_its_first_link_and_escape_returns_to_the_button()
    {
        var (context, page, _) = await app.SignedInAsync(new ViewportSize { Width = 390, Height = 844 });
        await using var __ = context;
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });

        await button.ClickAsync();
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Files", Exact = true }))
            .ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Shared with me" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(button).ToBeFocusedAsync();
    }

    [Fact]
    public async Task On_a_phone_search_keeps_the_header_the_toolbar_stays_one_row_and_sign_out_is_in_the_menu()
    {
        var (context, page, user) = await app.SignedInAsync(new ViewportSize { Width = 390, Height = 844 });
        await using var __ = context;
        await user.Http.PutAsync("/notes.txt", "hello"u8.ToArray());
        await page.ReloadAsync();

        var search = await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search by name" }).BoundingBoxAsync();
        Assert.True(search!.Width >= 200, $"the search box is {search.Width}px wide");
        Assert.True(search.X + search.Width <= 390, "the search box runs off the screen");

        // With a file selected every action is there, in one row that scrolls sideways rather than three that push the list down.
        await page.GetByRole(AriaRole.Option, new() { Name = "notes.txt" }).ClickAsync();
        var toolbar = page.GetByRole(AriaRole.Toolbar);
        await Assertions.Expect(toolbar.GetByRole(AriaRole.Button, new() { Name = "Versions" })).ToBeAttachedAsync();
        var bar = await toolbar.BoundingBoxAsync();
        Assert.True(bar!.Height < 50, $"the toolbar is {bar.Height}px high");

        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Assertions.Expect(menu.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("Change theme$") })).ToBeVisibleAsync();
        await menu.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Depot" })).ToBeVisibleAsync();
    }
}
