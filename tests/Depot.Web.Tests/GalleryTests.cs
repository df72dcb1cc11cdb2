using System.Text.RegularExpressions;
using Depot.Testing;
using Microsoft.Playwright;
using SkiaSharp;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>
/// Thumbnails in the list and the grid view, and the gallery, in the app and on a folder link: what shows, keys and
/// swipe, zoom, the remembered view, axe in both themes, and screenshots at desktop and phone size.
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class GalleryTests(WebAppFixture app)
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    // Every <img> in the scope has loaded a real picture (a thumbnail the server refused would fall back to an icon).
    private const string AllLoaded = "s => [...document.querySelectorAll(s)].length > 0 && [...document.querySelectorAll(s)].every(i => i.complete && i.naturalWidth > 0)";

    [Fact]
    public async Task The_grid_view_shows_large_thumbnails_the_list_small_ones_and_the_choice_is_remembered()
    {
        var (context, page, user) = await app.SignedInAsync(Desktop);
        await using var _ = context;
        await SeedAsync(user);
        await page.ReloadAsync();

        var row = page.GetByRole(AriaRole.Option, new() { Name = "sunset.jpg" });
        await Expect(row.Locator(".thumb img")).ToHaveAttributeAsync("src", new Regex("^/api/v1/thumbnails/sunset.jpg\\?size=small&v=[0-9a-f]{64}$"));
        await Expect(row.Locator(".thumb img")).ToHaveAttributeAsync("loading", "lazy");
        await page.WaitForFunctionAsync(AllLoaded, ".row .thumb img");
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "notes.txt" }).Locator("svg.icon-file-text")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "thumbnails-list-desktop");

        var grid = page.GetByRole(AriaRole.Button, new() { Name = "Grid" });
        await grid.ClickAsync();
        await Expect(grid).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator(".tile .thumb img")).ToHaveCountAsync(3);
        await page.WaitForFunctionAsync(AllLoaded, ".tile .thumb img");
        Assert.True(await page.Locator(".tile .thumb img").First.EvaluateAsync<int>("i => i.naturalWidth") > 100);
        await Expect(page.Locator(".tile[data-name='Documents'] svg.icon-folder")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "grid-desktop");

        // Keys move through the tiles as through the list.
        await page.Locator(".tiles").FocusAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(page.Locator(".tile.focused")).ToHaveAttributeAsync("data-name", "sunset.jpg");

        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Grid" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator(".tile .thumb img")).ToHaveCountAsync(3);
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await page.WaitForFunctionAsync(AllLoaded, ".tile .thumb img");
        await ScreenshotAsync(page, "grid-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "List" }).ClickAsync();
        await Expect(page.Locator(".row")).Not.ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_gallery_steps_through_the_folders_images_with_keys_and_zooms_and_closes_back_to_the_list()
    {
        var (context, page, user) = await app.SignedInAsync(Desktop);
        await using var _ = context;
        await SeedAsync(user);
        await page.ReloadAsync();

        await page.GetByRole(AriaRole.Option, new() { Name = "beach.png" }).DblClickAsync();
        var gallery = page.GetByRole(AriaRole.Dialog, new() { Name = "beach.png, image 1 of 3" });
        await Expect(gallery).ToBeVisibleAsync();
        await page.WaitForFunctionAsync(AllLoaded, ".gallery-stage img");
        await Expect(gallery.GetByRole(AriaRole.Img, new() { Name = "beach.png" })).ToBeVisibleAsync();
        await Expect(gallery.GetByRole(AriaRole.Button, new() { Name = "Previous image" })).ToBeDisabledAsync();
        await ScreenshotAsync(page, "gallery-desktop");

        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "forest.png, image 2 of 3" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        gallery = page.GetByRole(AriaRole.Dialog, new() { Name = "sunset.jpg, image 3 of 3" });
        await Expect(gallery).ToBeVisibleAsync();
        await Expect(gallery.GetByRole(AriaRole.Button, new() { Name = "Next image" })).ToBeDisabledAsync();
        await page.Keyboard.PressAsync("ArrowRight");   // the last stays the last
        await Expect(gallery).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        gallery = page.GetByRole(AriaRole.Dialog, new() { Name = "forest.png, image 2 of 3" });
        await Expect(gallery).ToBeVisibleAsync();

        // Zoom: keys and buttons; the image grows past the window and the stage scrolls.
        await page.WaitForFunctionAsync(AllLoaded, ".gallery-stage img");
        var image = gallery.GetByRole(AriaRole.Img, new() { Name = "forest.png" });
        // Loaded is not yet laid out: until the gallery hears the load event, the picture waits out of the flow
        // (.gallery-loading), at another width than the fitted one that zoom multiplies.
        await Expect(image).Not.ToHaveClassAsync(new Regex("gallery-loading"));
        var fitted = (await image.BoundingBoxAsync())!.Width;
        await page.Keyboard.PressAsync("+");
        await gallery.GetByRole(AriaRole.Button, new() { Name = "Zoom in" }).ClickAsync();
        await Expect(gallery.GetByRole(AriaRole.Button, new() { Name = "Fit to window" })).ToHaveTextAsync("200%");
        Assert.Equal(fitted * 2, (await image.BoundingBoxAsync())!.Width, 1.0);
        await page.Keyboard.PressAsync("0");
        await Expect(gallery.GetByRole(AriaRole.Button, new() { Name = "Fit to window" })).ToHaveTextAsync("100%");

        var download = gallery.GetByRole(AriaRole.Link, new() { Name = "Download forest.png" });
        await Expect(download).ToHaveAttributeAsync("href", "/api/v1/files/forest.png");

        await page.Keyboard.PressAsync("Escape");
        await Expect(gallery).ToBeHiddenAsync();
        await Expect(page.Locator(".rows")).ToBeFocusedAsync();

        // Full screen: the Fullscreen API on the gallery itself.
        await page.GetByRole(AriaRole.Option, new() { Name = "sunset.jpg" }).DblClickAsync();
        gallery = page.GetByRole(AriaRole.Dialog, new() { Name = "sunset.jpg, image 3 of 3" });
        await gallery.GetByRole(AriaRole.Button, new() { Name = "Full screen" }).ClickAsync();
        await Expect(gallery.GetByRole(AriaRole.Button, new() { Name = "Exit full screen" })).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.True(await page.EvaluateAsync<bool>("() => document.fullscreenElement?.classList.contains('gallery-frame') === true"));
        await gallery.GetByRole(AriaRole.Button, new() { Name = "Exit full screen" }).ClickAsync();
        await Expect(gallery.GetByRole(AriaRole.Button, new() { Name = "Full screen" })).ToBeVisibleAsync();
        await gallery.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(gallery).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_folder_link_shows_thumbnails_and_its_gallery_turns_on_a_swipe_on_a_phone()
    {
        using var owner = await app.Server.CreateUserAsync();
        await SeedAsync(owner, "/album");
        var link = await owner.Http.CreateLinkAsync("/album");
        await using var context = await VisitorContextAsync(Phone, new() { HasTouch = true, IsMobile = true });
        var page = await context.NewPageAsync();

        await page.GotoAsync(link.Url);
        var contents = page.GetByRole(AriaRole.List, new() { Name = "Contents" });
        await Expect(contents.Locator(".thumb img")).ToHaveCountAsync(3);
        await page.WaitForFunctionAsync(AllLoaded, ".link-row .thumb img");
        await ScreenshotAsync(page, "link-thumbnails-phone");

        await contents.GetByRole(AriaRole.Link, new() { Name = "beach.png", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "beach.png, image 1 of 3" })).ToBeVisibleAsync();
        await page.WaitForFunctionAsync(AllLoaded, ".gallery-stage img");
        await ScreenshotAsync(page, "gallery-phone");
        await SwipeAsync(page, -150);
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "forest.png, image 2 of 3" })).ToBeVisibleAsync();
        await SwipeAsync(page, 150);
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "beach.png, image 1 of 3" })).ToBeVisibleAsync();
        Assert.Contains("?download", await page.Locator(".gallery a[download]").GetAttributeAsync("href"), StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator(".gallery")).ToBeHiddenAsync();
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Grid_gallery_and_link_gallery_pass_axe(string theme)
    {
        var user = await app.Server.CreateUserAsync();
        await SeedAsync(user);
        await SeedAsync(user, "/album");
        var link = await user.Http.CreateLinkAsync("/album");
        var (context, page) = await app.AtSignInAsync(new() { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light, BypassCSP = true });
        await using var _ = context;
        await WebAppFixture.SignInAsync(page, user);
        var axe = new Axe();

        await page.WaitForFunctionAsync(AllLoaded, ".row .thumb img");
        await axe.CheckAsync(page, "list with thumbnails");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grid" }).ClickAsync();
        await page.WaitForFunctionAsync(AllLoaded, ".tile .thumb img");
        await page.GetByRole(AriaRole.Option, new() { Name = "forest.png" }).ClickAsync();
        await axe.CheckAsync(page, "grid with a selection");
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await axe.CheckAsync(page, "grid, phone");
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);

        await page.GetByRole(AriaRole.Option, new() { Name = "forest.png" }).DblClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "forest.png, image 2 of 3" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("+");
        await axe.CheckAsync(page, "gallery, zoomed");
        await page.Keyboard.PressAsync("Escape");

        await page.GotoAsync(link.Url);
        await page.GetByRole(AriaRole.List, new() { Name = "Contents" }).GetByRole(AriaRole.Link, new() { Name = "sunset.jpg", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "sunset.jpg, image 3 of 3" })).ToBeVisibleAsync();
        await axe.CheckAsync(page, "link gallery");
        axe.AssertNoViolations();
    }

    /// <summary>Three pictures (two PNGs, a JPEG), a text file and a folder.</summary>
    private static async Task SeedAsync(TestUser user, string folder = "")
    {
        await user.Http.PutAsync(folder + "/beach.png", Draw(1600, 1000, SKColors.SkyBlue, SKColors.SandyBrown, SKEncodedImageFormat.Png));
        await user.Http.PutAsync(folder + "/forest.png", Draw(900, 1200, SKColors.DarkGreen, SKColors.ForestGreen, SKEncodedImageFormat.Png));
        await user.Http.PutAsync(folder + "/sunset.jpg", Draw(2000, 1200, SKColors.OrangeRed, SKColors.Gold, SKEncodedImageFormat.Jpeg));
        await user.Http.PutAsync(folder + "/notes.txt", "plain text"u8.ToArray());
        await user.Http.PutAsync(folder + "/Documents/plan.txt", "x"u8.ToArray());
    }

    private static byte[] Draw(int width, int height, SKColor sky, SKColor ground, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(sky);
            using var paint = new SKPaint { Color = ground, IsAntialias = true };
            canvas.DrawRect(0, height * 0.6f, width, height * 0.4f, paint);
            paint.Color = SKColors.White;
            canvas.DrawCircle(width * 0.7f, height * 0.3f, Math.Min(width, height) * 0.12f, paint);
        }

        using var data = bitmap.Encode(format, 85);
        return data.ToArray();
    }

    private async Task<IBrowserContext> VisitorContextAsync(ViewportSize viewport, BrowserNewContextOptions options)
    {
        options.BaseURL = app.Server.Address.ToString().TrimEnd('/');
        options.ViewportSize = viewport;
        var context = await app.Browser.NewContextAsync(options);   // a visitor: no session
        context.SetDefaultTimeout(15_000);
        return context;
    }

    // A one-finger horizontal swipe across the stage: touch events as a phone sends them.
    private static async Task SwipeAsync(IPage page, int dx) => await page.EvaluateAsync("""
        dx => {
          const stage = document.querySelector('.gallery-stage');
          const at = (x) => new Touch({ identifier: 1, target: stage, clientX: x, clientY: 400 });
          stage.dispatchEvent(new TouchEvent('touchstart', { touches: [at(200)], changedTouches: [at(200)], bubbles: true }));
          stage.dispatchEvent(new TouchEvent('touchend', { touches: [], changedTouches: [at(200 + dx)], bubbles: true }));
        }
        """, dx);

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(WebAppFixture.ArtifactsDirectory);
        var file = Path.Combine(WebAppFixture.ArtifactsDirectory, name + ".png");
        await page.ScreenshotAsync(new() { Path = file });
        Assert.True(new FileInfo(file).Length > 1000);
    }
}
