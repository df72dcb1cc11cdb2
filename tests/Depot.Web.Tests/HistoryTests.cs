using System.Net.Http.Json;
using Depot.Protocol;
using Microsoft.Playwright;

namespace Depot.Web.Tests;

/// <summary>Old versions download as they were; the trash forgets items for good when asked, one or all.</summary>
[Collection(nameof(WebAppCollection))]
public sealed class HistoryTests(WebAppFixture app)
{
    [Fact]
    public async Task An_old_version_downloads_with_its_own_bytes()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/poem.txt", "first draft"u8.ToArray());
        await user.Http.PutAsync("/poem.txt", "second, longer draft"u8.ToArray());
        await page.ReloadAsync();

        await page.GetByRole(AriaRole.Option, new() { Name = "poem.txt" }).ClickAsync();
        await page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = "Versions" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Versions of poem.txt" });
        var old = dialog.Locator("tr[data-version]").Filter(new() { HasNotText = "(current)" });
        // Who saved it, its size, and a time to the second (two saves in one minute must be told apart).
        await Assertions.Expect(old).ToContainTextAsync(user.Username);
        await Assertions.Expect(old).ToContainTextAsync("11 B");
        await Assertions.Expect(old.Locator("time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d:\d\d:\d\d"));
        var download = await page.RunAndWaitForDownloadAsync(() => old.GetByRole(AriaRole.Link).ClickAsync());
        Assert.Equal("first draft"u8.ToArray(), await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.Equal("second, longer draft"u8.ToArray(), await user.Http.GetBytesAsync("/poem.txt"));
    }

    [Fact]
    public async Task Delete_forever_and_empty_trash_purge_through_the_ui()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        foreach (var name in new[] { "a.txt", "b.txt", "c.txt" })
        {
            await user.Http.PutAsync("/" + name, "x"u8.ToArray());
            (await user.Http.DeleteAsync(Rest.Url("files", "/" + name))).EnsureSuccessStatusCode().Dispose();
        }

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Trash" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "b.txt" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete forever" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Delete forever" }).GetByRole(AriaRole.Button, new() { Name = "Delete forever" }).ClickAsync();
        await Rest.EventuallyAsync(async () => (await TrashNamesAsync(user)).SequenceEqual(["a.txt", "c.txt"]));

        await page.GetByRole(AriaRole.Button, new() { Name = "Empty trash" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Empty trash" }).GetByRole(AriaRole.Button, new() { Name = "Delete forever" }).ClickAsync();
        await Rest.EventuallyAsync(async () => (await TrashNamesAsync(user)).Length == 0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Empty trash" })).ToBeDisabledAsync();
    }

    private static async Task<string[]> TrashNamesAsync(Depot.Testing.TestUser user) =>
        [.. (await user.Http.GetFromJsonAsync("/api/v1/trash", DepotJsonContext.Default.TrashListing))!.Items.Select(i => i.Name).Order()];
}
