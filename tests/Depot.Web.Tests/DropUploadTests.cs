using Microsoft.Playwright;

namespace Depot.Web.Tests;

/// <summary>
/// Files dragged in from the desktop: onto the list they land in the open folder, onto a folder row inside that folder.
/// The drop is a real drop event carrying a DataTransfer of File objects, as the browser makes for a desktop drag.
/// And a name conflict answered with "Skip, for all" leaves every existing file as it was.
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class DropUploadTests(WebAppFixture app)
{
    [Fact]
    public async Task Files_dropped_on_the_list_or_on_a_folder_row_arrive_there()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/inbox/keep.txt", "k"u8.ToArray());
        await page.ReloadAsync();

        await DropAsync(page, page.GetByRole(AriaRole.Region, new() { Name = "Files" }), ("here.txt", "dropped on the list"));
        await DropAsync(page, page.GetByRole(AriaRole.Option, new() { Name = "inbox" }), ("inside.txt", "dropped on the folder"));

        await Rest.EventuallyAsync(async () => await user.Http.GetBytesAsync("/inbox/inside.txt") is not null && await user.Http.GetBytesAsync("/here.txt") is not null);
        Assert.Equal("dropped on the list"u8.ToArray(), await user.Http.GetBytesAsync("/here.txt"));
        Assert.Equal("dropped on the folder"u8.ToArray(), await user.Http.GetBytesAsync("/inbox/inside.txt"));
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "here.txt" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Skip_for_all_conflicts_leaves_every_existing_file_and_uploads_the_rest()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/a.txt", "old a"u8.ToArray());
        await user.Http.PutAsync("/b.txt", "old b"u8.ToArray());
        await page.ReloadAsync();

        await page.GetByTestId("file-input").SetInputFilesAsync(
        [
            new FilePayload { Name = "a.txt", MimeType = "text/plain", Buffer = "new a"u8.ToArray() },
            new FilePayload { Name = "b.txt", MimeType = "text/plain", Buffer = "new b"u8.ToArray() },
            new FilePayload { Name = "c.txt", MimeType = "text/plain", Buffer = "new c"u8.ToArray() },
        ]);
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "A file with this name exists" });
        await dialog.GetByLabel("Do this for all conflicts").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Skip" }).ClickAsync();

        await Rest.EventuallyAsync(async () => await user.Http.GetBytesAsync("/c.txt") is not null);
        await Assertions.Expect(page.Locator(".upload[data-status=skipped]")).ToHaveCountAsync(2);
        Assert.Equal("old a"u8.ToArray(), await user.Http.GetBytesAsync("/a.txt"));
        Assert.Equal("old b"u8.ToArray(), await user.Http.GetBytesAsync("/b.txt"));
        Assert.Equal("new c"u8.ToArray(), await user.Http.GetBytesAsync("/c.txt"));
    }

    private static async Task DropAsync(IPage page, ILocator target, params (string Name, string Text)[] files)
    {
        var transfer = await page.EvaluateHandleAsync(
            "files => { const t = new DataTransfer(); for (const [name, text] of files) t.items.add(new File([text], name, { type: 'text/plain' })); return t; }",
            files.Select(f => new[] { f.Name, f.Text }).ToArray());
        await target.DispatchEventAsync("dragover", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await target.DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });
    }
}
