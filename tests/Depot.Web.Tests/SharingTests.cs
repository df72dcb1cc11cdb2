using System.Net;
using Depot.Protocol.Sharing;
using Microsoft.Playwright;

namespace Depot.Web.Tests;

/// <summary>The share dialog (people and links), "Shared with me" and mounts, driven through the UI and checked over REST.</summary>
[Collection(nameof(WebAppCollection))]
public sealed class SharingTests(WebAppFixture app)
{
    [Fact]
    public async Task Folder_shared_as_editor_is_added_opened_and_written_by_the_recipient()
    {
        var (ownerContext, owner, ownerUser) = await app.SignedInAsync();
        await using var _ = ownerContext;
        var (bobContext, bob, bobUser) = await app.SignedInAsync();
        await using var __ = bobContext;
        await ownerUser.Http.PutAsync("/team/plan.txt", "the plan"u8.ToArray());
        await owner.ReloadAsync();

        var dialog = await OpenShareDialogAsync(owner, "team");
        await dialog.GetByLabel("User name").FillAsync(bobUser.Username);
        await dialog.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(Roles.Editor);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Share", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog.GetByLabel($"Role of user {bobUser.Username}")).ToHaveValueAsync(Roles.Editor);

        await bob.GetByRole(AriaRole.Link, new() { Name = "Shared with me" }).ClickAsync();
        var row = bob.Locator("tr[data-name='team']");
        await Assertions.Expect(row).ToContainTextAsync(ownerUser.Username);
        await row.GetByRole(AriaRole.Button, new() { Name = "Add to my files" }).ClickAsync();
        await Assertions.Expect(bob.GetByLabel("Path in your files")).ToHaveValueAsync("/team");
        await bob.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();

        await Assertions.Expect(bob.GetByRole(AriaRole.Option, new() { Name = "plan.txt" })).ToBeVisibleAsync();
        var bytes = new byte[70_000];
        Random.Shared.NextBytes(bytes);
        await bob.GetByTestId("file-input").SetInputFilesAsync(new FilePayload { Name = "from-bob.bin", MimeType = "application/octet-stream", Buffer = bytes });
        await bob.Locator(".upload[data-status=done]").WaitForAsync();
        Assert.Equal(bytes, await ownerUser.Http.GetBytesAsync("/team/from-bob.bin"));

        // In bob's own files the mount reads as a shared folder, to screen readers too.
        await bob.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Files", Exact = true }).ClickAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Option, new() { Name = "team (shared folder)" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Share_lowered_to_viewer_then_removed_in_the_dialog_takes_effect_over_REST()
    {
        var (context, page, owner) = await app.SignedInAsync();
        await using var _ = context;
        using var bob = await app.Server.CreateUserAsync();
        await owner.Http.PutAsync("/proj/a.txt", "a"u8.ToArray());
        var share = await owner.Http.ShareAsync("/proj", bob.Username, Roles.Editor);
        await bob.Http.MountAsync(share.NodeId, "/proj");
        await page.ReloadAsync();

        var dialog = await OpenShareDialogAsync(page, "proj");
        await dialog.GetByLabel($"Role of user {bob.Username}").SelectOptionAsync(Roles.Viewer);
        await Rest.EventuallyAsync(async () => (await owner.Http.SharesAsync("/proj")).Single().Role == Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, await bob.Http.StatusOfPutAsync("/proj/b.txt", "b"u8.ToArray()));
        Assert.Equal(HttpStatusCode.OK, await bob.Http.StatusOfGetAsync("/proj/a.txt"));

        await dialog.GetByRole(AriaRole.Button, new() { Name = $"Remove user {bob.Username}" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Stop sharing" }).GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(dialog.GetByText("Not shared with anyone yet.")).ToBeVisibleAsync();
        Assert.Empty(await owner.Http.SharesAsync("/proj"));
        Assert.Equal(HttpStatusCode.NotFound, await bob.Http.StatusOfGetAsync("/proj/a.txt"));
    }

    [Fact]
    public async Task Read_link_with_password_and_limit_serves_the_exact_bytes_and_is_revoked()
    {
        var (context, page, owner) = await app.SignedInAsync();
        await using var _ = context;
        var bytes = new byte[20_000];
        Random.Shared.NextBytes(bytes);
        await owner.Http.PutAsync("/report.bin", bytes);
        await page.ReloadAsync();

        var dialog = await OpenShareDialogAsync(page, "report.bin");
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Links" }).ClickAsync();
        await dialog.GetByLabel("Password (optional)").FillAsync("open sesame");
        await dialog.GetByLabel("Download limit (optional)").FillAsync("3");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        var url = await dialog.GetByLabel("New link address").InputValueAsync();
        Assert.StartsWith(app.Server.Address + "s/", url, StringComparison.Ordinal);

        // A visitor: no cookies, only the URL and the password.
        using var visitor = new HttpClient();
        using (var denied = await visitor.GetAsync(url + "?download"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, url + "?download"))
        {
            request.Headers.Add(LinkModes.PasswordHeader, "open sesame");
            using var response = await visitor.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        }

        // The tab reloads its list when shown again.
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "People" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Links" }).ClickAsync();
        var row = dialog.Locator("tr[data-mode=read]");
        await Assertions.Expect(row).ToContainTextAsync("Yes");
        await Assertions.Expect(row.Locator(".downloads")).ToHaveTextAsync("1 of 3");

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke read link" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Revoke link" }).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        using var gone = new HttpRequestMessage(HttpMethod.Get, url + "?download");
        gone.Headers.Add(LinkModes.PasswordHeader, "open sesame");
        using var revoked = await visitor.SendAsync(gone);
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
    }

    [Fact]
    public async Task Drop_box_links_are_offered_only_for_folders()
    {
        var (context, page, owner) = await app.SignedInAsync();
        await using var _ = context;
        await owner.Http.PutAsync("/inbox/readme.txt", "r"u8.ToArray());
        await owner.Http.PutAsync("/single.txt", "s"u8.ToArray());
        await page.ReloadAsync();

        var dialog = await OpenShareDialogAsync(page, "single.txt");
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Links" }).ClickAsync();
        await Assertions.Expect(dialog.GetByText("Anyone with the link can download this file.")).ToBeVisibleAsync();
        Assert.Equal(0, await dialog.GetByRole(AriaRole.Radio).CountAsync());
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        dialog = await OpenShareDialogAsync(page, "inbox");
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Links" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Drop box" }).CheckAsync();
        await Assertions.Expect(dialog.GetByLabel("Download limit (optional)")).ToHaveCountAsync(0);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        await Assertions.Expect(dialog.Locator("tr[data-mode=dropbox]")).ToBeVisibleAsync();
        Assert.Equal(LinkModes.DropBox, Assert.Single(await owner.Http.LinksAsync("/inbox")).Mode);
    }

    [Fact]
    public async Task Share_dialog_screenshot_at_desktop_size()
    {
        var (context, page, owner) = await app.SignedInAsync();
        await using var _ = context;
        using var bob = await app.Server.CreateUserAsync();
        await owner.Http.PutAsync("/Quarterly report/summary.txt", "q"u8.ToArray());
        await owner.Http.ShareAsync("/Quarterly report", bob.Username, Roles.Editor);
        await page.ReloadAsync();

        var dialog = await OpenShareDialogAsync(page, "Quarterly report");
        await Assertions.Expect(dialog.Locator($"tr[data-grantee='{bob.Username}']")).ToBeVisibleAsync();
        Directory.CreateDirectory(WebAppFixture.ArtifactsDirectory);
        var file = Path.Combine(WebAppFixture.ArtifactsDirectory, "share-dialog-desktop.png");
        await page.ScreenshotAsync(new() { Path = file });
        Assert.True(new FileInfo(file).Length > 1000);
    }

    private static async Task<ILocator> OpenShareDialogAsync(IPage page, string name)
    {
        await page.GetByRole(AriaRole.Option, new() { Name = name }).ClickAsync();
        await page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = "Share", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Share " + name });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        return dialog;
    }
}
