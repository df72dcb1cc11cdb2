using System.Text;
using Microsoft.Playwright;

namespace Depot.Web.Tests;

[Collection(nameof(WebAppCollection))]
public sealed class FileManagerTests(WebAppFixture app)
{
    [Fact]
    public async Task Uploaded_file_and_folder_arrive_byte_for_byte()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        var local = Directory.CreateTempSubdirectory("depot-web-upload-");
        try
        {
            var single = Path.Combine(local.FullName, "report.bin");
            var bytes = new byte[300_000];
            Random.Shared.NextBytes(bytes);
            await File.WriteAllBytesAsync(single, bytes);
            var tree = Directory.CreateDirectory(Path.Combine(local.FullName, "album"));
            Directory.CreateDirectory(Path.Combine(tree.FullName, "inner"));
            await File.WriteAllTextAsync(Path.Combine(tree.FullName, "a.txt"), "first");
            await File.WriteAllTextAsync(Path.Combine(tree.FullName, "inner", "b.txt"), "second ✓");

            await page.GetByTestId("file-input").SetInputFilesAsync(single);
            await page.Locator(".upload[data-status=done]").First.WaitForAsync();
            await page.GetByTestId("folder-input").SetInputFilesAsync(tree.FullName);
            // The folder's files upload in parallel, in no set order: wait for every one of them.
            foreach (var path in new[] { "/album/a.txt", "/album/inner/b.txt" })
            {
                await Rest.EventuallyAsync(async () => await user.Http.GetBytesAsync(path) is not null);
            }

            Assert.Equal(bytes, await user.Http.GetBytesAsync("/report.bin"));
            Assert.Equal("first"u8.ToArray(), await user.Http.GetBytesAsync("/album/a.txt"));
            Assert.Equal(Encoding.UTF8.GetBytes("second ✓"), await user.Http.GetBytesAsync("/album/inner/b.txt"));
            await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "album" })).ToBeVisibleAsync();
        }
        finally
        {
            local.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Name_conflict_can_keep_both()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/notes.txt", "old"u8.ToArray());
        await page.ReloadAsync();

        await page.GetByTestId("file-input").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "new"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep both" }).ClickAsync();

        await Rest.EventuallyAsync(async () => await user.Http.GetBytesAsync("/notes (2).txt") is not null);
        Assert.Equal("old"u8.ToArray(), await user.Http.GetBytesAsync("/notes.txt"));
        Assert.Equal("new"u8.ToArray(), await user.Http.GetBytesAsync("/notes (2).txt"));
    }

    [Fact]
    public async Task Rename_move_delete_and_restore()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/draft.txt", "text"u8.ToArray());
        await user.Http.PutAsync("/archive/keep.txt", "k"u8.ToArray());
        await page.ReloadAsync();

        await page.GetByRole(AriaRole.Option, new() { Name = "draft.txt" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await page.GetByLabel("New name").FillAsync("final.txt");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Rest.EventuallyAsync(async () => await user.Http.GetBytesAsync("/final.txt") is not null);
        Assert.Null(await user.Http.GetBytesAsync("/draft.txt"));

        await page.GetByRole(AriaRole.Option, new() { Name = "final.txt" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "archive" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move here" }).ClickAsync();
        await Rest.EventuallyAsync(async () => await user.Http.GetBytesAsync("/archive/final.txt") is not null);

        await page.GetByRole(AriaRole.Option, new() { Name = "archive" }).DblClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "final.txt" }).ClickAsync();
        await page.Keyboard.PressAsync("Delete");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Move to trash" }).ClickAsync();
        await Rest.EventuallyAsync(async () => await user.Http.GetBytesAsync("/archive/final.txt") is null);

        await page.GetByRole(AriaRole.Link, new() { Name = "Trash" }).ClickAsync();
        await page.Locator("tr[data-name='final.txt']").GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Rest.EventuallyAsync(async () => await user.Http.GetBytesAsync("/archive/final.txt") is not null);
        Assert.Equal("text"u8.ToArray(), await user.Http.GetBytesAsync("/archive/final.txt"));
    }

    [Fact]
    public async Task Old_version_can_be_restored()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/poem.txt", "first draft"u8.ToArray());
        await user.Http.PutAsync("/poem.txt", "second draft"u8.ToArray());
        await page.ReloadAsync();

        await page.GetByRole(AriaRole.Option, new() { Name = "poem.txt" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Versions" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();

        await Rest.EventuallyAsync(async () => (await user.Http.GetBytesAsync("/poem.txt"))!.SequenceEqual("first draft"u8.ToArray()));
    }

    [Fact]
    public async Task Hostile_names_render_as_text_and_run_nothing()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        const string markup = "<img src=x onerror=alert(1)>.txt";
        const string rtl = "invoice\u202Etxt.exe";
        const string quotes = "\"'><svg onload=alert(2)>";
        await user.Http.PutAsync("/" + markup, "x"u8.ToArray());
        await user.Http.PutAsync("/" + rtl, "x"u8.ToArray());
        await user.Http.PutAsync("/" + quotes, "x"u8.ToArray());
        await user.Http.PutAsync("/" + new string('L', 250) + ".txt", "x"u8.ToArray());
        await page.ReloadAsync();

        var row = page.Locator(".row", new() { HasText = "onerror" });
        await Assertions.Expect(row).ToContainTextAsync(markup);
        await Assertions.Expect(page.Locator(".row", new() { HasText = "invoice" })).ToContainTextAsync("⟦U+202E⟧");
        await Assertions.Expect(page.Locator(".row", new() { HasText = "onload" })).ToContainTextAsync(quotes);
        Assert.Equal(0, await page.Locator(".rows img, .rows script, .rows svg[onload]").CountAsync());

        await row.DblClickAsync();   // the preview shows the name in its title and the content as text
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync(markup);
        await page.WaitForTimeoutAsync(300);
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task Main_view_screenshots_at_desktop_and_phone_size()
    {
        Directory.CreateDirectory(WebAppFixture.ArtifactsDirectory);
        foreach (var (name, size) in WebAppFixture.Viewports)
        {
            var (context, page, user) = await app.SignedInAsync(size);
            await using var _ = context;
            await user.Http.PutAsync("/Photos/beach.jpg", new byte[2048]);
            await user.Http.PutAsync("/Documents/report.pdf", new byte[40_000]);
            await user.Http.PutAsync("/notes.txt", "hello"u8.ToArray());
            await page.ReloadAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "notes.txt" }).WaitForAsync();
            var file = Path.Combine(WebAppFixture.ArtifactsDirectory, $"main-{name}.png");
            await page.ScreenshotAsync(new() { Path = file });
            Assert.True(new FileInfo(file).Length > 1000);
        }
    }
}
