using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

[Collection(nameof(WebAppCollection))]
public sealed class AppearanceTests(WebAppFixture app)
{
    private const string LightBackground = "rgb(255, 255, 255)";
    private const string DarkBackground = "rgb(15, 20, 25)";

    [Fact]
    public async Task The_app_has_an_icon_and_a_web_app_manifest_a_phone_can_install()
    {
        var (context, page, _) = await app.SignedInAsync();
        await using var __ = context;
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var manifest = await page.Locator("link[rel=manifest]").GetAttributeAsync("href");

        var iconResponse = await page.APIRequest.GetAsync(icon!);
        Assert.Equal(200, iconResponse.Status);
        Assert.StartsWith("image/svg+xml", iconResponse.Headers["content-type"], StringComparison.Ordinal);
        var manifestResponse = await page.APIRequest.GetAsync(manifest!);
        Assert.Equal(200, manifestResponse.Status);
        var json = (await manifestResponse.JsonAsync())!.Value;
        Assert.Equal("Depot", json.GetProperty("name").GetString());
        Assert.Equal("/files", json.GetProperty("start_url").GetString());
        Assert.Contains(json.GetProperty("icons").EnumerateArray(), i => i.GetProperty("src").GetString() == icon);
    }

    [Fact]
    public async Task Theme_toggle_switches_light_and_dark_and_the_choice_survives_a_reload()
    {
        var (context, page, _) = await app.SignedInAsync();   // Playwright emulates prefers-color-scheme: light
        await using var __ = context;
        var toggle = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("Change theme$") });
        var body = page.Locator("body");
        await Expect(toggle).ToHaveAccessibleNameAsync("Theme: system. Change theme");

        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAccessibleNameAsync("Theme: light. Change theme");
        await Expect(body).ToHaveCSSAsync("background-color", LightBackground);
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAccessibleNameAsync("Theme: dark. Change theme");
        await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);

        await page.ReloadAsync();
        await Expect(toggle).ToHaveAccessibleNameAsync("Theme: dark. Change theme");
        await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);

        // Signed out (no toggle on the page), the sign-in screen still follows the choice.
        await context.ClearCookiesAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Depot" })).ToBeVisibleAsync();
        await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);
    }

    [Fact]
    public async Task Every_control_on_the_main_view_has_an_accessible_name_at_desktop_and_phone_size()
    {
        foreach (var size in new[] { new ViewportSize { Width = 1280, Height = 800 }, new ViewportSize { Width = 390, Height = 844 } })
        {
            var (context, page, user) = await app.SignedInAsync(size);
            await using var _ = context;
            await user.Http.PutAsync("/Documents/plan.txt", "x"u8.ToArray());
            await user.Http.PutAsync("/notes.txt", "x"u8.ToArray());
            await page.ReloadAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "notes.txt" }).ClickAsync();   // shows the selection actions too
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Clear selection" })).ToBeVisibleAsync();
            if (size.Width < 700)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();   // the navigation hides behind it
            }

            await AssertEveryVisibleControlIsNamedAsync(page);
        }
    }

    // Only what is rendered reaches assistive technology: a control hidden by the layout (the phone's menu button on a
    // desktop, the file inputs behind the Upload buttons) has no accessible name to check.
    private static async Task AssertEveryVisibleControlIsNamedAsync(IPage page)
    {
        var controls = page.Locator(":is(button, input, select, a[href], [role=listbox], [role=option]):visible");
        var count = await controls.CountAsync();
        Assert.True(count > 15, $"only {count} controls found");
        for (var i = 0; i < count; i++)
        {
            try
            {
                await Expect(controls.Nth(i)).ToHaveAccessibleNameAsync(new Regex(@"\S"), new() { Timeout = 1000 });
            }
            catch (PlaywrightException)
            {
                Assert.Fail("A control has no accessible name: " + await controls.Nth(i).EvaluateAsync<string>("e => e.outerHTML"));
            }
        }
    }

    [Fact]
    public async Task Phone_layout_of_the_main_view_has_no_horizontal_scroll()
    {
        var (context, page, user) = await app.SignedInAsync(new ViewportSize { Width = 360, Height = 740 });
        await using var _ = context;
        await user.Http.PutAsync("/" + new string('w', 200) + ".txt", "x"u8.ToArray());
        await user.Http.PutAsync("/Photos/beach.jpg", new byte[2048]);
        await page.ReloadAsync();
        // The selection actions widen the toolbar: it may scroll sideways itself (one row), the page must not.
        await page.GetByRole(AriaRole.Option, new() { Name = "Photos" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Clear selection" })).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<string[]>("""
            () => [document.documentElement, document.body, ...document.querySelectorAll('.main, .browser, .toolbar, .topbar, .rows')]
              .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'auto')
              .map(e => `${e.tagName}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`)
            """);
        Assert.Empty(overflow);
    }
}
