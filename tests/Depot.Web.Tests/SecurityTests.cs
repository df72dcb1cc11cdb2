using System.Text.Json;
using Microsoft.Playwright;

namespace Depot.Web.Tests;

[Collection(nameof(WebAppCollection))]
public sealed class SecurityTests(WebAppFixture app)
{
    [Fact]
    public async Task Cookie_authenticated_write_without_antiforgery_token_is_refused()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;

        var refused = await page.EvaluateAsync<JsonElement>(
            "async () => { const r = await fetch('/api/v1/folders/forged', { method: 'POST' }); return { status: r.status, body: await r.json() }; }");
        Assert.Equal(403, refused.GetProperty("status").GetInt32());
        Assert.Equal("antiforgery_failed", refused.GetProperty("body").GetProperty("code").GetString());
        Assert.Null(await user.Http.GetBytesAsync("/forged"));

        var allowed = await page.EvaluateAsync<int>(
            "async () => { const t = await (await fetch('/api/v1/auth/antiforgery')).json();" +
            " const r = await fetch('/api/v1/folders/genuine', { method: 'POST', headers: { [t.headerName]: t.token } }); return r.status; }");
        Assert.Equal(201, allowed);
    }

    [Fact]
    public async Task Session_cookie_is_http_only_and_strict()
    {
        var (context, page, _) = await app.SignedInAsync();
        await using var __ = context;

        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "depot-session");   // plain HTTP on loopback; HTTPS flags: Depot.Server.Tests
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path);
        Assert.Equal("", await page.EvaluateAsync<string>("() => document.cookie.includes('depot-session') ? 'visible' : ''"));
    }

    [Fact]
    public async Task Sessions_can_be_listed_and_signing_out_ends_the_session()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await page.GetByRole(AriaRole.Link, new() { Name = "Sessions" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-kind=web]")).ToContainTextAsync("this session");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Depot" })).ToBeVisibleAsync();
        var status = await page.EvaluateAsync<int>("async () => (await fetch('/api/v1/me')).status");
        Assert.Equal(401, status);
        Assert.NotNull(user.Http);
    }
}
