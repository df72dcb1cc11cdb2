using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

[Collection(nameof(WebAppCollection))]
public sealed class PreviewTests(WebAppFixture app)
{
    // A 1×1 PNG: the smallest real image the browser must decode to show.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    [Fact]
    public async Task Text_and_png_open_inline_in_the_preview()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/readme.txt", "Hello, preview.\nSecond line."u8.ToArray());
        await user.Http.PutAsync("/dot.png", Png);
        await page.ReloadAsync();

        await page.GetByRole(AriaRole.Option, new() { Name = "readme.txt" }).DblClickAsync();
        var text = page.GetByRole(AriaRole.Dialog, new() { Name = "readme.txt" });
        await Expect(text.Locator("pre")).ToHaveTextAsync("Hello, preview.\nSecond line.");
        await text.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        // An image opens in the gallery (GalleryTests), fitted to the window.
        await page.GetByRole(AriaRole.Option, new() { Name = "dot.png" }).DblClickAsync();
        var image = page.GetByRole(AriaRole.Dialog, new() { Name = "dot.png, image 1 of 1" }).GetByRole(AriaRole.Img, new() { Name = "dot.png" });
        await Expect(image).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('dialog.gallery img'); return i && i.complete && i.naturalWidth === 1; }");
    }

    [Fact]
    public async Task Svg_and_html_are_offered_as_downloads_and_run_no_script()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        var alerts = new List<string>();
        page.Dialog += (_, dialog) => { alerts.Add(dialog.Message); _ = dialog.DismissAsync(); };
        var files = new Dictionary<string, string>
        {
            ["drawing.svg"] = """<svg xmlns="http://www.w3.org/2000/svg" onload="window.depotPwned='svg';alert('svg')"><script>window.depotPwned='svg-script';alert('svg-script')</script><circle r="4"/></svg>""",
            ["page.html"] = """<!doctype html><html><body onload="window.depotPwned='html';alert('html')"><script>window.depotPwned='html-script';alert('html-script')</script><img src="x" onerror="window.depotPwned='img'"></body></html>""",
        };
        foreach (var (name, content) in files)
        {
            await user.Http.PutAsync("/" + name, System.Text.Encoding.UTF8.GetBytes(content));
        }

        await page.ReloadAsync();
        foreach (var (name, content) in files)
        {
            await page.GetByRole(AriaRole.Option, new() { Name = name }).DblClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = name });
            await Expect(dialog.Locator("pre")).ToHaveTextAsync(content);   // its source, as text
            Assert.Equal(0, await dialog.Locator("img, svg, iframe, object, embed").CountAsync());

            var download = await page.RunAndWaitForDownloadAsync(() => dialog.GetByRole(AriaRole.Link, new() { Name = "Download" }).ClickAsync());
            Assert.Equal(name, download.SuggestedFilename);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

            // Even asked for inline, the server answers an attachment that may not run script.
            using var inline = await user.Http.GetAsync(Rest.Url("files", "/" + name) + "?disposition=inline");
            Assert.Equal(HttpStatusCode.OK, inline.StatusCode);
            Assert.Equal("attachment", inline.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Contains("sandbox", inline.Headers.GetValues("Content-Security-Policy").Single());
        }

        Assert.Null(await page.EvaluateAsync<string?>("() => window.depotPwned ?? null"));
        Assert.Empty(alerts);
    }
}
