using Depot.Protocol.Sharing;
using Depot.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>
/// The file list's conventions: folders first, folder sizes, select-all, a row menu (right-click, "⋯", Shift+F10) with
/// the menu pattern's keys, and marks for shared, linked and WebDAV-locked items. axe in both themes with the menu
/// open; screenshots at desktop and phone size.
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class ListConventionsTests(WebAppFixture app)
{
    [Fact]
    public async Task Folders_first_with_sizes_marks_and_select_all()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        using var friend = await app.Server.CreateUserAsync();
        await SeedAsync(user, friend);
        await page.ReloadAsync();

        var rows = page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option);
        await Expect(rows).ToHaveCountAsync(4);
        Assert.Equal(["Middle", "Photos", "alpha.txt", "zeta.txt"], await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.name)"));
        await Expect(page.Locator(".row[data-name='Photos'] .col-size")).ToHaveTextAsync("3.0 KiB");
        await Expect(page.Locator(".row[data-name='Middle'] .col-size")).ToHaveTextAsync("0 B");
        await Expect(rows.Filter(new() { HasText = "zeta.txt" })).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex("shared with people"));
        await Expect(rows.Filter(new() { HasText = "Photos" })).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex("has a public link"));
        await Expect(rows.Filter(new() { HasText = "alpha.txt" })).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex("locked by a WebDAV client"));

        var all = page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all" });
        await all.CheckAsync();
        await Expect(Status(page)).ToHaveTextAsync("4 items, 4 selected");
        await all.UncheckAsync();
        await Expect(Status(page)).ToHaveTextAsync("4 items");
    }

    [Fact]
    public async Task Row_menu_opens_by_right_click_dots_and_keyboard_and_returns_focus()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/one.txt", "1"u8.ToArray());
        await user.Http.PutAsync("/two.txt", "2"u8.ToArray());
        await page.ReloadAsync();

        await page.GetByRole(AriaRole.Option, new() { Name = "two.txt" }).ClickAsync(new() { Button = MouseButton.Right });
        var menu = page.GetByRole(AriaRole.Menu, new() { Name = "Actions for two.txt" });
        await Expect(menu.GetByRole(AriaRole.Menuitem)).ToHaveTextAsync(["Open", "Download", "Rename", "Move", "Copy", "Versions", "Share", "Add to favourites", "Delete"]);
        await Expect(menu.GetByRole(AriaRole.Menuitem, new() { Name = "Open" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(menu.GetByRole(AriaRole.Menuitem, new() { Name = "Download" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(menu.GetByRole(AriaRole.Menuitem, new() { Name = "Delete" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(menu).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Listbox)).ToBeFocusedAsync();

        // Keyboard only: move to the first row, Shift+F10, a letter jumps to Rename, Enter runs it.
        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("Shift+F10");
        var first = page.GetByRole(AriaRole.Menu, new() { Name = "Actions for one.txt" });
        await Expect(first).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("r");
        await Expect(first.GetByRole(AriaRole.Menuitem, new() { Name = "Rename" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        var rename = page.GetByRole(AriaRole.Dialog, new() { Name = "Rename" });
        await rename.GetByLabel("New name").FillAsync("uno.txt");
        await rename.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "uno.txt" })).ToBeVisibleAsync();

        // The "⋯" of a row: the menu acts on that row.
        await page.Locator(".row[data-name='two.txt'] .col-more").ClickAsync();
        await page.GetByRole(AriaRole.Menu, new() { Name = "Actions for two.txt" }).GetByRole(AriaRole.Menuitem, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Move to trash" }).GetByRole(AriaRole.Button, new() { Name = "Move to trash" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "two.txt" })).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task List_with_marks_and_open_menu_passes_axe_and_is_photographed(string theme)
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
            await Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(4);
            await axe.CheckAsync(page, $"file list with marks ({name})");
            await page.GetByRole(AriaRole.Option, new() { Name = "zeta.txt" }).ClickAsync(new() { Button = MouseButton.Right });
            await Expect(page.GetByRole(AriaRole.Menu)).ToBeVisibleAsync();
            await axe.CheckAsync(page, $"row menu ({name})");
            await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ArtifactsDirectory, $"list-menu-{name}-{theme}.png") });
        }

        axe.AssertNoViolations();
    }

    private static ILocator Status(IPage page) => page.GetByRole(AriaRole.Status).Filter(new() { HasText = "items" });

    // Two folders (one holding 3 KB two levels down), a file shared with a friend, a folder with a link, a locked file.
    private static async Task SeedAsync(TestUser user, TestUser friend)
    {
        await user.Http.PutAsync("/Photos/beach.jpg", new byte[2048]);
        await user.Http.PutAsync("/Photos/2025/dunes.jpg", new byte[1024]);
        await user.Http.MkdirAsync("/Middle");
        await user.Http.PutAsync("/zeta.txt", "z"u8.ToArray());
        await user.Http.PutAsync("/alpha.txt", "a"u8.ToArray());
        await user.Http.ShareAsync("/zeta.txt", friend.Username, Roles.Viewer);
        await user.Http.CreateLinkAsync("/Photos");
        using var lockRequest = new HttpRequestMessage(new HttpMethod("LOCK"), "/dav/alpha.txt")
        {
            Content = new StringContent("""<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>""",
                System.Text.Encoding.UTF8, "application/xml"),
        };
        lockRequest.Headers.Add("Timeout", "Second-600");
        using var locked = await user.Http.SendAsync(lockRequest);
        locked.EnsureSuccessStatusCode();
    }
}
