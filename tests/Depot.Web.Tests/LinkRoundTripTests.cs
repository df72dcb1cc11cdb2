using Microsoft.Playwright;

namespace Depot.Web.Tests;

/// <summary>
/// The whole public-link journey in the browser: the owner makes the link in the share dialog, a visitor with no session
/// (a fresh browser context) opens the address the dialog showed, and what happens arrives on the other side.
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class LinkRoundTripTests(WebAppFixture app)
{
    [Fact]
    public async Task A_link_made_in_the_app_is_opened_signed_out_and_downloads_the_file()
    {
        var (context, page, owner) = await app.SignedInAsync();
        await using var _ = context;
        var bytes = new byte[90_000];
        Random.Shared.NextBytes(bytes);
        await owner.Http.PutAsync("/report.bin", bytes);
        await page.ReloadAsync();

        var dialog = await OpenLinksTabAsync(page, "report.bin");
        await dialog.GetByLabel("Password (optional)").FillAsync("tulip");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        var url = await dialog.GetByLabel("New link address").InputValueAsync();

        var (visitorContext, visitor) = await VisitorAsync();
        await using var __ = visitorContext;
        await visitor.GotoAsync(url);
        await visitor.GetByLabel("Password").FillAsync("tulip");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "report.bin" })).ToBeVisibleAsync();
        var download = await visitor.RunAndWaitForDownloadAsync(() => visitor.GetByRole(AriaRole.Link, new() { Name = "Download", Exact = true }).ClickAsync());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(await download.PathAsync()));
    }

    [Fact]
    public async Task A_drop_box_made_in_the_app_takes_a_visitors_upload_which_the_owner_then_sees()
    {
        var (context, page, owner) = await app.SignedInAsync();
        await using var _ = context;
        await owner.Http.PutAsync("/homework/brief.txt", "write an essay"u8.ToArray());
        await page.ReloadAsync();

        var dialog = await OpenLinksTabAsync(page, "homework");
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Drop box" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        var url = await dialog.GetByLabel("New link address").InputValueAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        var (visitorContext, visitor) = await VisitorAsync();
        await using var __ = visitorContext;
        await visitor.GotoAsync(url);
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "Upload files to homework" })).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Locator("body")).Not.ToContainTextAsync("brief.txt");
        await visitor.GetByLabel("Choose files").SetInputFilesAsync(new FilePayload { Name = "essay.txt", MimeType = "text/plain", Buffer = "my essay"u8.ToArray() });
        await Assertions.Expect(visitor.Locator(".drop[data-status=done]")).ToHaveCountAsync(1);

        Assert.Equal("my essay"u8.ToArray(), await owner.Http.GetBytesAsync("/homework/essay.txt"));
        await page.GetByRole(AriaRole.Option, new() { Name = "homework" }).DblClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "essay.txt" })).ToBeVisibleAsync();
    }

    private static async Task<ILocator> OpenLinksTabAsync(IPage page, string name)
    {
        await page.GetByRole(AriaRole.Option, new() { Name = name }).ClickAsync();
        await page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = "Share", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Share " + name });
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Links" }).ClickAsync();
        // The tabs sit above their panel (a stylesheet of another screen once laid them out side by side).
        var tabs = (await dialog.GetByRole(AriaRole.Tablist).BoundingBoxAsync())!;
        var panel = (await dialog.GetByRole(AriaRole.Tabpanel).BoundingBoxAsync())!;
        Assert.True(tabs.Y + tabs.Height <= panel.Y + 1, $"tabs end at {tabs.Y + tabs.Height}, panel starts at {panel.Y}");
        return dialog;
    }

    private async Task<(IBrowserContext Context, IPage Page)> VisitorAsync()
    {
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.Server.Address.ToString().TrimEnd('/'), AcceptDownloads = true });
        context.SetDefaultTimeout(15_000);
        return (context, await context.NewPageAsync());
    }
}
