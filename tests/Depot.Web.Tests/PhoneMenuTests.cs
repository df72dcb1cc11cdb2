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
}
