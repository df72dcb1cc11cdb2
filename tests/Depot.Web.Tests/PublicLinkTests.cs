using System.IO.Compression;
using System.Net;
using Depot.Protocol.Sharing;
using Depot.Testing;
using Microsoft.Playwright;

namespace Depot.Web.Tests;

/// <summary>The link page as a visitor sees it: a fresh browser context with no cookies, links made by the owner over REST.</summary>
[Collection(nameof(WebAppCollection))]
public sealed class PublicLinkTests(WebAppFixture app)
{
    [Fact]
    public async Task A_password_file_link_asks_refuses_a_wrong_password_and_then_downloads_the_exact_bytes()
    {
        using var owner = await app.Server.CreateUserAsync();
        var bytes = RandomBytes(70_000);
        await owner.Http.PutAsync("/private/report.bin", bytes);
        var link = await LinkAsync(owner, "/private/report.bin", password: "open sesame");
        var (context, page) = await VisitorAsync();
        await using var _ = context;

        await page.GotoAsync(link.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link is protected" })).ToBeVisibleAsync();
        var password = page.GetByLabel("Password");
        await Assertions.Expect(password).ToBeFocusedAsync();
        await password.FillAsync("not it");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong password.");

        await password.FillAsync("open sesame");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "report.bin" })).ToBeVisibleAsync();
        Assert.Equal(bytes, await DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Download", Exact = true })));

        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "depot-link");   // plain HTTP on loopback
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/s/" + link.Token, cookie.Path);
    }

    [Fact]
    public async Task A_folder_link_browses_into_subfolders_and_downloads_files_and_the_whole_zip_on_a_phone()
    {
        using var owner = await app.Server.CreateUserAsync();
        var photo = RandomBytes(40_000);
        await owner.Http.PutAsync("/album/a.txt", "alpha"u8.ToArray());
        await owner.Http.PutAsync("/album/photos/b.bin", photo);
        await owner.Http.PutAsync("/album/photos/c.txt", "gamma"u8.ToArray());
        var link = await LinkAsync(owner, "/album");
        var (context, page) = await VisitorAsync(new ViewportSize { Width = 390, Height = 844 });
        await using var _ = context;

        await page.GotoAsync(link.Url);
        var contents = page.GetByRole(AriaRole.List, new() { Name = "Contents" });
        await Assertions.Expect(contents.GetByRole(AriaRole.Link, new() { Name = "a.txt", Exact = true })).ToBeVisibleAsync();
        var file = Path.Combine(WebAppFixture.ArtifactsDirectory, "link-folder-phone.png");
        Directory.CreateDirectory(WebAppFixture.ArtifactsDirectory);
        await page.ScreenshotAsync(new() { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 1000);

        await contents.GetByRole(AriaRole.Link, new() { Name = "photos", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/s/" + link.Token + "/photos$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" })).ToHaveTextAsync("albumphotos");
        Assert.Equal(photo, await DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Download b.bin" })));

        using var zip = new ZipArchive(new MemoryStream(await DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Download all (zip)" }))));
        Assert.Equal(["album/a.txt", "album/photos/b.bin", "album/photos/c.txt"], zip.Entries.Where(e => e.Length > 0).Select(e => e.FullName).Order());
        using var alpha = new StreamReader(zip.GetEntry("album/a.txt")!.Open());
        Assert.Equal("alpha", await alpha.ReadToEndAsync());

        // The crumbs lead back up, but never above the link's own folder.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).GetByRole(AriaRole.Link, new() { Name = "album", Exact = true }).ClickAsync();
        await Assertions.Expect(contents.GetByRole(AriaRole.Link, new() { Name = "a.txt", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_drop_box_takes_several_files_and_never_shows_what_is_inside()
    {
        using var owner = await app.Server.CreateUserAsync();
        await owner.Http.PutAsync("/inbox/already-there-secret.txt", "private"u8.ToArray());
        var link = await LinkAsync(owner, "/inbox", LinkModes.DropBox);
        var (context, page) = await VisitorAsync();
        await using var _ = context;
        var one = RandomBytes(120_000);
        var two = "second file ✓"u8.ToArray();

        await page.GotoAsync(link.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Upload files to inbox" })).ToBeVisibleAsync();
        await page.GetByLabel("Choose files").SetInputFilesAsync(
        [
            new FilePayload { Name = "one.bin", MimeType = "application/octet-stream", Buffer = one },
            new FilePayload { Name = "two.txt", MimeType = "text/plain", Buffer = two },
        ]);
        await Assertions.Expect(page.Locator(".drop[data-status=done]")).ToHaveCountAsync(2);

        Assert.Equal(one, await owner.Http.GetBytesAsync("/inbox/one.bin"));
        Assert.Equal(two, await owner.Http.GetBytesAsync("/inbox/two.txt"));
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("already-there-secret");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Contents" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_revoked_link_shows_the_dead_link_page()
    {
        using var owner = await app.Server.CreateUserAsync();
        await owner.Http.PutAsync("/gone.txt", "gone"u8.ToArray());
        var link = await LinkAsync(owner, "/gone.txt");
        using (var revoked = await owner.Http.DeleteAsync($"/api/v1/links/{link.Link.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        var (context, page) = await VisitorAsync();
        await using var _ = context;
        await page.GotoAsync(link.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Link not available" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("This link does not exist, has expired or was revoked.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("gone.txt")).ToHaveCountAsync(0);
    }

    private async Task<(IBrowserContext Context, IPage Page)> VisitorAsync(ViewportSize? viewport = null)
    {
        var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.Server.Address.ToString().TrimEnd('/'), ViewportSize = viewport ?? new() { Width = 1280, Height = 800 }, AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        return (context, await context.NewPageAsync());
    }

    private static Task<CreatedLinkInfo> LinkAsync(TestUser owner, string path, string? mode = null, string? password = null) =>
        owner.Http.CreateLinkAsync(path, mode, password);

    private static async Task<byte[]> DownloadAsync(IPage page, ILocator link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        return await File.ReadAllBytesAsync(await download.PathAsync());
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
