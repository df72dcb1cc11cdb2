using System.Net;
using System.Net.Http.Json;
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

    [Fact]
    public async Task Markdown_is_rendered_without_script_handlers_or_javascript_links()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        var alerts = new List<string>();
        page.Dialog += (_, dialog) => { alerts.Add(dialog.Message); _ = dialog.DismissAsync(); };
        await user.Http.PutAsync("/notes.md", """
            # Meeting notes

            Some **bold** words and a [safe link](https://example.org/a) and a [bad one](javascript:window.depotPwned='link').

            <script>window.depotPwned='script'</script>
            <img src="x" onerror="window.depotPwned='img'">
            <a href="#" onclick="window.depotPwned='click'">click me</a>

            | a | b |
            |---|---|
            | 1 | 2 |
            """u8.ToArray());
        await page.ReloadAsync();

        await page.GetByRole(AriaRole.Option, new() { Name = "notes.md" }).DblClickAsync();
        var markdown = page.GetByRole(AriaRole.Dialog, new() { Name = "notes.md" }).GetByTestId("markdown");
        await Expect(markdown.GetByRole(AriaRole.Heading, new() { Name = "Meeting notes", Level = 1 })).ToBeVisibleAsync();
        await Expect(markdown.Locator("strong")).ToHaveTextAsync("bold");
        await Expect(markdown.Locator("table td")).ToHaveCountAsync(2);
        var safe = markdown.GetByRole(AriaRole.Link, new() { Name = "safe link" });
        await Expect(safe).ToHaveAttributeAsync("href", "https://example.org/a");
        await Expect(safe).ToHaveAttributeAsync("rel", "noopener noreferrer");
        Assert.Null(await markdown.GetByText("bad one").GetAttributeAsync("href"));
        Assert.Equal(0, await markdown.Locator("script, [onerror], [onclick]").CountAsync());
        await markdown.GetByText("click me").ClickAsync();

        Assert.Null(await page.EvaluateAsync<string?>("() => window.depotPwned ?? null"));
        Assert.Empty(alerts);
    }

    [Fact]
    public async Task Text_edited_in_the_browser_saves_a_new_version_and_a_concurrent_change_is_a_conflict_not_a_loss()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/todo.txt", "milk"u8.ToArray());
        await page.ReloadAsync();

        await page.GetByRole(AriaRole.Option, new() { Name = "todo.txt" }).DblClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "todo.txt" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var editor = dialog.Locator("textarea");
        await Expect(editor).ToHaveValueAsync("milk");
        await editor.FillAsync("milk\neggs");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Rest.EventuallyAsync(async () => await user.Http.GetBytesAsync("/todo.txt") is { } b && System.Text.Encoding.UTF8.GetString(b) == "milk\neggs");
        var versions = await user.Http.GetFromJsonAsync(Rest.Url("versions", "/todo.txt"), Depot.Protocol.DepotJsonContext.Default.IReadOnlyListVersionInfo);
        Assert.Equal(2, versions!.Count);

        // Someone else saves meanwhile: saving again is refused, and the user's text goes to a copy.
        await user.Http.PutAsync("/todo.txt", "theirs"u8.ToArray());
        await editor.FillAsync("milk\neggs\nbread");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        var conflict = dialog.GetByRole(AriaRole.Alert);
        await Expect(conflict).ToContainTextAsync("changed by someone else");
        Assert.Equal("theirs"u8.ToArray(), await user.Http.GetBytesAsync("/todo.txt"));
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Save mine as a copy" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal("milk\neggs\nbread"u8.ToArray(), await user.Http.GetBytesAsync("/todo (1).txt"));
        Assert.Equal("theirs"u8.ToArray(), await user.Http.GetBytesAsync("/todo.txt"));
    }

    [Fact]
    public async Task A_pdf_shows_in_the_browsers_viewer_inside_the_preview()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/paper.pdf", MinimalPdf);
        await page.ReloadAsync();

        var framed = page.WaitForResponseAsync(r => r.Url.Contains("disposition=inline", StringComparison.Ordinal) && r.Request.ResourceType == "document");
        await page.GetByRole(AriaRole.Option, new() { Name = "paper.pdf" }).DblClickAsync();
        var frame = page.GetByRole(AriaRole.Dialog, new() { Name = "paper.pdf" }).Locator("iframe[title='PDF: paper.pdf']");
        await Expect(frame).ToBeVisibleAsync();
        var response = await framed;
        Assert.Equal(200, response.Status);
        Assert.Equal("application/pdf", response.Headers["content-type"]);
        // Not blocked by the frame's policy: the frame is on the PDF's address, not on Chromium's error page.
        await Rest.EventuallyAsync(() => Task.FromResult(page.Frames.Any(f => f.Url.Contains("disposition=inline", StringComparison.Ordinal))));
        Assert.DoesNotContain(page.Frames, f => f.Url.StartsWith("chrome-error:", StringComparison.Ordinal));
    }

    private static readonly byte[] MinimalPdf = System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
}
