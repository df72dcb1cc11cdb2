using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

[Collection(nameof(WebAppCollection))]
public sealed class SessionRevokeTests(WebAppFixture app)
{
    [Fact]
    public async Task Revoking_another_session_removes_it_and_ends_it()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        using var other = app.Server.CreateHttpClient(await app.Server.SignInAsync(user.Username, user.Password));
        var otherId = (await other.TokensAsync()).Single(t => t.Current).Id;

        await page.GetByRole(AriaRole.Link, new() { Name = "Sessions" }).ClickAsync();
        var current = page.Locator("tr[data-kind=web]");
        await Expect(current).ToContainTextAsync("this session");
        var row = page.Locator($"tr[data-id='{otherId}']");
        await Expect(row).ToContainTextAsync("App sign-in");

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await other.MeStatusAsync());
        Assert.DoesNotContain(await user.Http.TokensAsync(), t => t.Id == otherId);
        await Expect(current).ToContainTextAsync("this session");   // this browser stays signed in
    }
}
