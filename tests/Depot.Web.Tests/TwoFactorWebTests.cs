using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Depot.Core.Accounts.TwoFactor;
using Depot.Protocol;
using Depot.Protocol.Admin;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>
/// Two-factor sign-in in the browser: enrol on the Settings page (the code computed here from the key the page shows, as
/// an authenticator app would), sign out, sign in with a code; an admin's requirement; screenshots of each screen.
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class TwoFactorWebTests(WebAppFixture app)
{
    [Fact]
    public async Task Enrol_in_settings_sign_out_and_sign_in_with_a_code()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await OpenSettingsAsync(page);
        await Screenshot(page, "settings-light");

        var secret = await EnrolAsync(page, screenshots: true);
        var codes = page.GetByTestId("recovery-codes").Locator("li");
        await Expect(codes).ToHaveCountAsync(10);
        await Screenshot(page, "two-factor-recovery-codes");
        var recovery = await codes.Nth(0).InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I have saved them" }).ClickAsync();
        await Expect(page.GetByText("10 of 10 recovery codes left")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByLabel("Username").FillAsync(user.Username);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var code = page.GetByLabel("Authentication code");
        await Expect(code).ToBeFocusedAsync();
        await Screenshot(page, "sign-in-code");

        await code.FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("wrong, expired or already used");
        // The enrolment spent the current step; the next one is accepted (one step of drift is allowed).
        await code.FillAsync(TotpCodes.Compute(secret, DateTimeOffset.UtcNow.AddSeconds(30)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page.GetByText("10 of 10 recovery codes left")).ToBeVisibleAsync();   // back where it signed out: Settings

        // A recovery code works the same way, once.
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByLabel("Username").FillAsync(user.Username);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Authentication code").FillAsync(recovery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page.GetByText("9 of 10 recovery codes left")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_new_app_password_is_shown_with_the_webdav_address_and_user_name_and_can_be_revoked()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await OpenSettingsAsync(page);
        await page.GetByLabel("Device name").FillAsync("Work laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create app password" }).ClickAsync();
        var created = page.GetByTestId("created-app-password");
        await Expect(created.GetByTestId("dav-url")).ToHaveValueAsync(app.Server.Address.ToString().TrimEnd('/') + "/dav/");
        await Expect(created.GetByTestId("dav-username")).ToHaveValueAsync(user.Username);
        var password = await created.GetByTestId("app-password").InputValueAsync();
        Assert.Matches("^[a-z2-9]{5}(-[a-z2-9]{5}){4}$", password);
        await Screenshot(page, "settings-app-password");

        using var dav = new HttpClient { BaseAddress = app.Server.Address };
        dav.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user.Username}:{password}")));
        using var propfind = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/") { Headers = { { "Depth", "0" } } };
        Assert.Equal(207, (int)(await dav.SendAsync(propfind)).StatusCode);

        // Among sessions and tokens it is named for what it is and never expires (not "Dec 31, 9999").
        await page.GotoAsync("/sessions");
        var token = page.Locator("tr[data-kind=app-password]");
        await Expect(token).ToContainTextAsync("App password: Work laptop");
        await Expect(token.Locator("td").Nth(4)).ToHaveTextAsync("Never");
        await OpenSettingsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke Work laptop" }).ClickAsync();
        await Expect(page.Locator("tr[data-app-password='Work laptop']")).ToHaveCountAsync(0);
        using var again = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/") { Headers = { { "Depth", "0" } } };
        Assert.Equal(401, (int)(await dav.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task The_theme_is_a_labelled_choice_that_the_header_toggle_follows()
    {
        var (context, page, _) = await app.SignedInAsync();
        await using var _ = context;
        await OpenSettingsAsync(page);
        var theme = page.GetByRole(AriaRole.Group, new() { Name = "Theme" });
        await theme.GetByLabel("Dark").CheckAsync();
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(15, 20, 25)");
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("Change theme$") })).ToHaveAccessibleNameAsync("Theme: dark. Change theme");
        await Screenshot(page, "settings-dark");
        await theme.GetByLabel("Same as the device").CheckAsync();
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");
    }

    [Fact]
    public async Task An_account_required_to_use_two_factor_must_enrol_before_the_app_opens()
    {
        using var admin = await app.Server.CreateAdminHttpClientAsync();
        using var user = await app.Server.CreateUserAsync(isAdmin: true);
        (await admin.PutAsJsonAsync("/api/v1/settings/two-factor", new TwoFactorSettings("admins"), DepotJsonContext.Default.TwoFactorSettings))
            .EnsureSuccessStatusCode();
        try
        {
            var (context, page) = await app.AtSignInAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
            await using var _ = context;
            await page.GetByLabel("Username").FillAsync(user.Username);
            await page.GetByLabel("Password").FillAsync(user.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up two-factor sign-in" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("An administrator requires");
            await Screenshot(page, "two-factor-required-phone");
            await EnrolAsync(page, screenshots: false);
            await page.GetByRole(AriaRole.Button, new() { Name = "I have saved them" }).ClickAsync();
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).WaitForAsync();
        }
        finally
        {
            (await admin.PutAsJsonAsync("/api/v1/settings/two-factor", new TwoFactorSettings("optional"), DepotJsonContext.Default.TwoFactorSettings))
                .EnsureSuccessStatusCode();
        }
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Settings_enrolment_and_the_code_step_pass_axe(string theme)
    {
        using var admin = await app.Server.CreateUserAsync(isAdmin: true);
        await admin.Http.PostAsJsonAsync("/api/v1/me/app-passwords", new Depot.Protocol.Auth.CreateAppPasswordRequest("Phone"),
            DepotJsonContext.Default.CreateAppPasswordRequest);
        var (context, page) = await app.AtSignInAsync(new() { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light, BypassCSP = true });
        await using var _ = context;
        var axe = new Axe();
        await WebAppFixture.SignInAsync(page, admin);
        await OpenSettingsAsync(page);
        await page.GetByLabel("Device name").FillAsync("Laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create app password" }).ClickAsync();
        await Expect(page.GetByTestId("app-password")).Not.ToHaveValueAsync("");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Two-factor sign-in" })).ToBeVisibleAsync();   // the admin's policy
        await axe.CheckAsync(page, "settings with a new app password, admin");

        await page.SetViewportSizeAsync(390, 844);
        await axe.CheckAsync(page, "settings, phone");
        if (theme == "light")
        {
            await Screenshot(page, "settings-phone", fullPage: false);
        }

        await page.SetViewportSizeAsync(1280, 800);
        var secret = await EnrolAsync(page, screenshots: false, beforeConfirm: () => axe.CheckAsync(page, "two-factor enrolment"));
        await Expect(page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        await axe.CheckAsync(page, "recovery codes");
        await page.GetByRole(AriaRole.Button, new() { Name = "I have saved them" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Turn off two-factor sign-in" })).ToBeVisibleAsync();
        await axe.CheckAsync(page, "turn off two-factor");

        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByLabel("Username").FillAsync(admin.Username);
        await page.GetByLabel("Password").FillAsync(admin.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Authentication code").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await axe.CheckAsync(page, "sign-in code step with an error");
        Assert.NotEmpty(secret);
        axe.AssertNoViolations();
    }

    private static async Task OpenSettingsAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor sign-in" })).ToBeVisibleAsync();
    }

    /// <summary>Starts enrolment, reads the key the page shows, types the code an app would show, and turns it on.</summary>
    private static async Task<string> EnrolAsync(IPage page, bool screenshots, Func<Task>? beforeConfirm = null)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor sign-in" }).ClickAsync();
        var qr = page.GetByRole(AriaRole.Img, new() { Name = "QR code holding your new two-factor key" });
        await Expect(qr).ToBeVisibleAsync();
        Assert.True(await qr.EvaluateAsync<bool>("""
            img => img.complete && img.naturalWidth > 0
              ? img.naturalWidth > 100
              : new Promise(done => { img.onload = () => done(img.naturalWidth > 100); img.onerror = () => done(false); })
            """), "the QR code did not load");
        var secret = (await page.GetByTestId("totp-secret").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        if (screenshots)
        {
            await Screenshot(page, "two-factor-enrol");
        }

        if (beforeConfirm is not null)
        {
            await beforeConfirm();
        }

        await page.GetByLabel("Code shown by the app").FillAsync(TotpCodes.Compute(secret, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor sign-in is on. Save your recovery codes" })).ToBeVisibleAsync();
        return secret;
    }

    // The app scrolls inside its main region, so a full-page screenshot would cut the page off: for a whole page, the
    // viewport is made as tall as the content for the shot, then restored.
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
