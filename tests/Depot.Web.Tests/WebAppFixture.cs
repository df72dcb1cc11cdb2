using Depot.Testing;
using Microsoft.Playwright;

namespace Depot.Web.Tests;

/// <summary>
/// One real Depot server (serving the built web app) and one headless Debian Chromium for the whole collection.
/// Playwright never downloads a browser here: it launches /usr/bin/chromium, with the flags this machine needs.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public DepotServer Server { get; } = new();

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ArtifactsDirectory { get; } = FindArtifacts();

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (own cookies) with a page at the app, signed in as a new user.</summary>
    public async Task<(IBrowserContext Context, IPage Page, TestUser User)> SignedInAsync(ViewportSize? viewport = null, bool isAdmin = false, long? quotaBytes = null)
    {
        var user = await Server.CreateUserAsync(quotaBytes, isAdmin);
        var (context, page) = await AtSignInAsync(new() { ViewportSize = viewport });
        await SignInAsync(page, user);
        return (context, page, user);
    }

    /// <summary>The sizes the screen checks cover: a desktop window and a phone.</summary>
    public static readonly (string Name, ViewportSize Size)[] Viewports =
        [("desktop", new ViewportSize { Width = 1280, Height = 800 }), ("phone", new ViewportSize { Width = 390, Height = 844 })];

    /// <summary>
    /// A context for axe checks and screenshots, signed in as <paramref name="user"/>: the <paramref name="theme"/>'s colour
    /// scheme ("light" or "dark") at <paramref name="size"/>, with BypassCSP because axe injects its script (see Axe).
    /// </summary>
    public async Task<(IBrowserContext Context, IPage Page)> SignedInForAxeAsync(TestUser user, string theme, ViewportSize size)
    {
        var (context, page) = await AtSignInAsync(new()
        {
            ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light, BypassCSP = true, ViewportSize = size,
        });
        await SignInAsync(page, user);
        return (context, page);
    }

    /// <summary>
    /// A fresh browser context built from <paramref name="options"/> (the server's address and a desktop viewport filled
    /// in), with a page showing the app's sign-in form.
    /// </summary>
    public async Task<(IBrowserContext Context, IPage Page)> AtSignInAsync(BrowserNewContextOptions options)
    {
        options.BaseURL = Server.Address.ToString().TrimEnd('/');
        options.ViewportSize ??= new() { Width = 1280, Height = 800 };
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync("/");
        try
        {
            await page.GetByLabel("Username").WaitForAsync();
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException("The app did not show its sign-in form: " + string.Join(" | ", errors) + " | " + await page.ContentAsync());
        }

        return (context, page);
    }

    /// <summary>Signs <paramref name="user"/> in through the form on <paramref name="page"/> and waits for the file view.</summary>
    public static async Task SignInAsync(IPage page, TestUser user)
    {
        await page.GetByLabel("Username").FillAsync(user.Username);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).WaitForAsync();
        }
        catch (TimeoutException)
        {
            var cookies = string.Join(",", (await page.Context.CookiesAsync()).Select(c => c.Name));
            throw new InvalidOperationException($"Signing in failed (cookies: {cookies}): " + await page.InnerTextAsync("body"));
        }
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Server.DisposeAsync();
    }

    private static string FindArtifacts()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Depot.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
    }
}

[CollectionDefinition(nameof(WebAppCollection))]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>;
