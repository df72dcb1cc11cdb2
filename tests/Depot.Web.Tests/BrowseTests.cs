using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

[Collection(nameof(WebAppCollection))]
public sealed class BrowseTests(WebAppFixture app)
{
    private static ILocator Row(IPage page, string name) => page.GetByRole(AriaRole.Option, new() { Name = name });

    private static ILocator Status(IPage page) => page.GetByRole(AriaRole.Status).Filter(new() { HasText = "items" });

    [Fact]
    public async Task Search_finds_a_file_in_a_subfolder_and_its_result_opens_it()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/projects/deep/needle-notes.txt", "found me"u8.ToArray());
        await user.Http.PutAsync("/projects/haystack.txt", "not me"u8.ToArray());
        await user.Http.MkdirAsync("/projects/needle-folder");

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search by name" }).FillAsync("needle");
        await page.Keyboard.PressAsync("Enter");
        var results = page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Listitem);
        await Expect(results).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Button, new() { Name = "needle-notes.txt" }).ClickAsync();
        var preview = page.GetByRole(AriaRole.Dialog, new() { Name = "needle-notes.txt" });
        await Expect(preview.Locator("pre")).ToHaveTextAsync("found me");
        await page.Keyboard.PressAsync("Escape");
        await Expect(preview).ToHaveCountAsync(0);

        await results.Filter(new() { HasText = "needle-notes.txt" }).GetByRole(AriaRole.Link, new() { Name = "/projects/deep" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/files/projects/deep$"));
        await Expect(Row(page, "needle-notes.txt")).ToBeVisibleAsync();

        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "needle-folder" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/files/projects/needle-folder$"));
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).Locator("[aria-current=location]")).ToHaveTextAsync("needle-folder");
    }

    [Fact]
    public async Task Copy_through_the_dialog_keeps_the_original()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/report.txt", "quarterly"u8.ToArray());
        await user.Http.MkdirAsync("/archive");
        await page.ReloadAsync();

        await Row(page, "report.txt").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true }).ClickAsync();
        var picker = page.GetByRole(AriaRole.Dialog, new() { Name = "Copy to" });
        await picker.GetByRole(AriaRole.Button, new() { Name = "archive" }).ClickAsync();
        await Expect(picker).ToContainTextAsync("In: /archive");
        await picker.GetByRole(AriaRole.Button, new() { Name = "Copy here" }).ClickAsync();

        await Rest.EventuallyAsync(async () => await user.Http.GetBytesAsync("/archive/report.txt") is not null);
        Assert.Equal("quarterly"u8.ToArray(), await user.Http.GetBytesAsync("/archive/report.txt"));
        Assert.Equal("quarterly"u8.ToArray(), await user.Http.GetBytesAsync("/report.txt"));
    }

    [Fact]
    public async Task Dragging_a_row_onto_a_folder_row_moves_it_there()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/loose.txt", "drag me"u8.ToArray());
        await user.Http.MkdirAsync("/box");
        await page.ReloadAsync();

        await Row(page, "loose.txt").DragToAsync(Row(page, "box"));

        await Rest.EventuallyAsync(async () => await user.Http.GetBytesAsync("/box/loose.txt") is not null);
        Assert.Null(await user.Http.GetBytesAsync("/loose.txt"));
        await Expect(Row(page, "loose.txt")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Mouse_and_keyboard_select_several_rows_and_Delete_moves_them_to_the_trash()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        string[] names = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"];
        foreach (var name in names)
        {
            await user.Http.PutAsync("/" + name, "x"u8.ToArray());
        }

        await page.ReloadAsync();
        await Row(page, "a.txt").ClickAsync();
        await Row(page, "c.txt").ClickAsync(new() { Modifiers = [KeyboardModifier.Control] });
        await Expect(Status(page)).ToHaveTextAsync("5 items, 2 selected");
        await Row(page, "e.txt").ClickAsync(new() { Modifiers = [KeyboardModifier.Shift] });   // from the last toggled (c) to e
        await Expect(Status(page)).ToHaveTextAsync("5 items, 3 selected");
        await ExpectSelectedAsync(page, names, "c.txt", "d.txt", "e.txt");

        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("ArrowDown");
        await ExpectSelectedAsync(page, names, "b.txt");
        await page.Keyboard.PressAsync("Shift+ArrowDown");
        await ExpectSelectedAsync(page, names, "b.txt", "c.txt");
        await page.Keyboard.PressAsync("Control+ArrowDown");   // moves the focus only
        await page.Keyboard.PressAsync("Space");
        await ExpectSelectedAsync(page, names, "b.txt", "c.txt", "d.txt");

        await page.Keyboard.PressAsync("Delete");
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Move to trash" });
        await Expect(confirm).ToContainTextAsync("Move 3 items to the trash?");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Move to trash" }).ClickAsync();

        await Rest.EventuallyAsync(async () => (await user.Http.TrashAsync()).Items.Count == 3);
        Assert.Equal(["b.txt", "c.txt", "d.txt"], (await user.Http.TrashAsync()).Items.Select(i => i.Name).Order());
        Assert.Equal(["a.txt", "e.txt"], (await user.Http.ListAsync("/")).Items.Select(i => i.Name).Order());
    }

    private static async Task ExpectSelectedAsync(IPage page, string[] all, params string[] selected)
    {
        foreach (var name in all)
        {
            await Expect(Row(page, name)).ToHaveAttributeAsync("aria-selected", selected.Contains(name) ? "true" : "false");
        }
    }

    [Fact]
    public async Task Two_selected_items_download_as_one_zip_with_their_bytes()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        var photo = new byte[70_000];
        Random.Shared.NextBytes(photo);
        await user.Http.PutAsync("/notes.txt", "zip me"u8.ToArray());
        await user.Http.PutAsync("/album/photo.bin", photo);
        await user.Http.PutAsync("/left-out.txt", "not selected"u8.ToArray());
        await page.ReloadAsync();

        await Row(page, "notes.txt").ClickAsync();
        await Row(page, "album").ClickAsync(new() { Modifiers = [KeyboardModifier.Control] });
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download zip" }).ClickAsync());
        Assert.Equal("depot.zip", download.SuggestedFilename);

        using var zip = ZipFile.OpenRead(await download.PathAsync());
        var files = zip.Entries.Where(e => e.Name.Length > 0).ToDictionary(e => e.FullName, ReadAll);
        Assert.Equal(["album/photo.bin", "notes.txt"], files.Keys.Order());
        Assert.Equal("zip me"u8.ToArray(), files["notes.txt"]);
        Assert.Equal(photo, files["album/photo.bin"]);
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
