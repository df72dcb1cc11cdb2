using System.Net.Http.Json;
using Depot.Core.Accounts.TwoFactor;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>New recovery codes from Settings: password and a current code; the old codes stop working.</summary>
[Collection(nameof(WebAppCollection))]
public sealed class RecoveryCodesWebTests(WebAppFixture app)
{
    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task New_recovery_codes_replace_the_old_ones(string theme)
    {
        using var user = await app.Server.CreateUserAsync();
        var setup = (await (await user.Http.PostAsync("/api/v1/me/two-factor", null)).Content.ReadFromJsonAsync(DepotJsonContext.Default.TwoFactorSetup))!;
        using var confirmed = await user.Http.PostAsJsonAsync("/api/v1/me/two-factor/confirm",
            new ConfirmTwoFactorRequest(TotpCodes.Compute(setup.Secret, DateTimeOffset.UtcNow)), DepotJsonContext.Default.ConfirmTwoFactorRequest);
        var oldCodes = (await confirmed.Content.ReadFromJsonAsync(DepotJsonContext.Default.RecoveryCodesResponse))!.RecoveryCodes;

        // Signed in with a recovery code, so the next time step is still unspent for the form below.
        var (context, page) = await app.AtSignInAsync(new() { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light, BypassCSP = true });
        await using var _ = context;
        await page.GetByLabel("Username").FillAsync(user.Username);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByLabel("Authentication code").FillAsync(oldCodes[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.GetByText("9 of 10 recovery codes left")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New recovery codes…" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New recovery codes" });
        await form.GetByLabel("Password").FillAsync(user.Password);
        var axe = new Axe();
        await axe.CheckAsync(page, "new recovery codes form");
        await form.GetByLabel("Code from the app").FillAsync(TotpCodes.Compute(setup.Secret, DateTimeOffset.UtcNow.AddSeconds(30)));
        await form.GetByRole(AriaRole.Button, new() { Name = "Make new codes" }).ClickAsync();
        var codes = page.GetByTestId("recovery-codes").Locator("li");
        await Expect(codes).ToHaveCountAsync(10);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New recovery codes. Save them" })).ToBeVisibleAsync();
        await axe.CheckAsync(page, "new recovery codes");
        axe.AssertNoViolations();
        Assert.DoesNotContain(await codes.Nth(0).InnerTextAsync(), oldCodes);
        await page.GetByRole(AriaRole.Button, new() { Name = "I have saved them" }).ClickAsync();
        await Expect(page.GetByText("10 of 10 recovery codes left")).ToBeVisibleAsync();

        using var http = app.Server.CreateHttpClient();
        using var old = await http.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(user.Username, user.Password, oldCodes[1]),
            DepotJsonContext.Default.TokenRequest);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, old.StatusCode);
    }
}
