using Depot.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>
/// Passkeys in the browser with Chromium's virtual authenticator (DevTools protocol <c>WebAuthn</c>): add one in
/// Settings, sign in with it alone, use it as the second factor after the password, rename and remove it; axe on each
/// new screen in both themes. The page is opened at <c>http://localhost</c>, not 127.0.0.1: WebAuthn needs a secure
/// context and a domain as the relying party id, and an IP address is not one.
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class PasskeyWebTests(WebAppFixture app)
{
    [Fact]
    public async Task Add_a_passkey_in_settings_sign_out_and_sign_in_with_it_alone()
    {
        var (context, page, user) = await SignedInAtLocalhostAsync(ColorScheme.Light);
        await using var _ = context;
        await OpenSettingsAsync(page);
        await AddPasskeyAsync(page, "Test laptop");
        var row = page.GetByTestId("passkeys").Locator("tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("Never");
        await Screenshot(page, "passkeys-settings");

        await SignOutAsync(page);
        await Screenshot(page, "sign-in-passkey", fullPage: false);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings", Exact = true })).ToBeVisibleAsync();   // back where it signed out
        await Expect(row.Locator("td").Nth(2)).Not.ToHaveTextAsync("Never");
        Assert.Equal(user.Username, await page.EvaluateAsync<string>("async () => (await (await fetch('/api/v1/me')).json()).username"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Rename Test laptop" }).ClickAsync();
        await page.GetByLabel("New name").FillAsync("Old laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();
        await Expect(row.Locator("td").First).ToHaveTextAsync("Old laptop");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Old laptop" }).ClickAsync();
        var remove = page.GetByRole(AriaRole.Form, new() { Name = "Remove passkey Old laptop" });
        await remove.GetByLabel("Password").FillAsync("not-the-password");
        await remove.GetByRole(AriaRole.Button, new() { Name = "Remove passkey" }).ClickAsync();
        await Expect(remove.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That password is not right.");
        await Screenshot(page, "passkeys-remove");
        await remove.GetByLabel("Password").FillAsync(user.Password);
        await remove.GetByRole(AriaRole.Button, new() { Name = "Remove passkey" }).ClickAsync();
        await Expect(page.GetByText("No passkeys yet.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task After_the_password_the_passkey_is_the_second_factor()
    {
        var (context, page, user) = await SignedInAtLocalhostAsync(ColorScheme.Light);
        await using var _ = context;
        await OpenSettingsAsync(page);
        await AddPasskeyAsync(page, "Phone");
        await SignOutAsync(page);

        await page.GetByLabel("Username").FillAsync(user.Username);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        var usePasskey = page.GetByRole(AriaRole.Button, new() { Name = "Use your passkey" });
        await Expect(usePasskey).ToBeFocusedAsync();
        // This account has no authenticator app: no code field is offered.
        await Expect(page.GetByLabel("Authentication code")).ToHaveCountAsync(0);
        await Screenshot(page, "sign-in-passkey-second-factor", fullPage: false);
        await usePasskey.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings", Exact = true })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task The_passkey_screens_pass_axe(string theme)
    {
        var (context, page, user) = await SignedInAtLocalhostAsync(theme == "dark" ? ColorScheme.Dark : ColorScheme.Light, bypassCsp: true);
        await using var _ = context;
        var axe = new Axe();
        await OpenSettingsAsync(page);
        await AddPasskeyAsync(page, "Security key");
        await axe.CheckAsync(page, "settings with a passkey");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename Security key" }).ClickAsync();
        await axe.CheckAsync(page, "rename a passkey");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Security key" }).ClickAsync();
        await axe.CheckAsync(page, "remove a passkey");
        if (theme == "dark")
        {
            await Screenshot(page, "passkeys-settings-dark");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await page.SetViewportSizeAsync(390, 844);
        await axe.CheckAsync(page, "passkeys, phone");
        if (theme == "light")
        {
            await Screenshot(page, "passkeys-settings-phone", fullPage: false);
        }

        await page.SetViewportSizeAsync(1280, 800);
        await SignOutAsync(page);
        await axe.CheckAsync(page, "sign-in with the passkey button");
        await page.GetByLabel("Username").FillAsync(user.Username);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Use your passkey" })).ToBeVisibleAsync();
        await axe.CheckAsync(page, "passkey second factor");
        if (theme == "dark")
        {
            await Screenshot(page, "sign-in-passkey-second-factor-dark", fullPage: false);
        }

        axe.AssertNoViolations();
    }

    /// <summary>A new user signed in through the form on a page at http://localhost, with a virtual authenticator attached.</summary>
    private async Task<(IBrowserContext Context, IPage Page, TestUser User)> SignedInAtLocalhostAsync(ColorScheme scheme, bool bypassCsp = false)
    {
        var user = await app.Server.CreateUserAsync();
        var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = $"http://localhost:{app.Server.Address.Port}",
            ViewportSize = new() { Width = 1280, Height = 800 },
            ColorScheme = scheme,
            BypassCSP = bypassCsp,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true,
                ["hasUserVerification"] = true, ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });
        await page.GotoAsync("/");
        await WebAppFixture.SignInAsync(page, user);
        return (context, page, user);
    }

    private static async Task AddPasskeyAsync(IPage page, string name)
    {
        await page.GetByLabel("Passkey name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByTestId("passkeys").GetByRole(AriaRole.Cell, new() { Name = name, Exact = true })).ToBeVisibleAsync();
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByLabel("Username").WaitForAsync();
    }

    private static async Task OpenSettingsAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Passkeys" })).ToBeVisibleAsync();
    }

    private static async Task Screenshot(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(WebAppFixture.ArtifactsDirectory);
        var file = Path.Combine(WebAppFixture.ArtifactsDirectory, name + ".png");
        var viewport = page.ViewportSize!;
        if (fullPage)
        {
            var height = await page.EvaluateAsync<int>(
                "() => Math.max(...[document.documentElement, ...document.querySelectorAll('.page, main')].map(e => e.scrollHeight + (e.getBoundingClientRect().top | 0)))");
            await page.SetViewportSizeAsync(viewport.Width, Math.Min(Math.Max(height, viewport.Height), 2400));
        }

        await page.ScreenshotAsync(new() { Path = file });
        await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        Assert.True(new FileInfo(file).Length > 1000);
    }
}
