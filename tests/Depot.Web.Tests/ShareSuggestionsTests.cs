using Depot.Protocol.Sharing;
using Depot.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>
/// The share dialog's add form: names suggested among people the user already shares with (never strangers), the role
/// box holding only the role's name with what it allows beside it, and relative expiry choices. axe in both themes.
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class ShareSuggestionsTests(WebAppFixture app)
{
    [Fact]
    public async Task Suggests_known_people_only_and_shares_for_a_week()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        using var bob = await app.Server.CreateUserAsync();
        using var stranger = await app.Server.CreateUserAsync();
        await SeedAsync(user, bob);

        var dialog = await OpenShareDialogAsync(page, "b.txt");
        await dialog.GetByLabel("User name").FillAsync(bob.Username[..6]);
        await Expect(dialog.Locator($"datalist option[value='{bob.Username}']")).ToHaveCountAsync(1);
        Assert.Equal(0, await dialog.Locator($"datalist option[value='{stranger.Username}']").CountAsync());

        await dialog.GetByLabel("User name").FillAsync(bob.Username);
        await dialog.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(Roles.Editor);
        await Expect(dialog.GetByLabel("Role", new() { Exact = true })).ToHaveAccessibleDescriptionAsync("Editor can also add, change and delete.");
        await dialog.GetByLabel("Expires").SelectOptionAsync("week");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Share", Exact = true }).ClickAsync();
        await Expect(dialog.GetByLabel($"Role of user {bob.Username}")).ToHaveValueAsync(Roles.Editor);

        var share = Assert.Single(await user.Http.SharesAsync("/b.txt"));
        Assert.InRange(share.ExpiresAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromDays(6.9), TimeSpan.FromDays(7.1));
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Add_form_with_a_date_choice_passes_axe_and_is_photographed(string theme)
    {
        using var user = await app.Server.CreateUserAsync();
        using var bob = await app.Server.CreateUserAsync();
        await SeedAsync(user, bob);
        Directory.CreateDirectory(WebAppFixture.ArtifactsDirectory);
        var axe = new Axe();
        foreach (var (name, size) in WebAppFixture.Viewports)
        {
            var (context, page) = await app.SignedInForAxeAsync(user, theme, size);
            await using var _ = context;
            var dialog = await OpenShareDialogAsync(page, "b.txt");
            await dialog.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(Roles.Manager);
            await dialog.GetByLabel("Expires").SelectOptionAsync("date");
            await Expect(dialog.GetByLabel("Expiry date")).ToBeVisibleAsync();
            await axe.CheckAsync(page, $"share add form ({name})");
            await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ArtifactsDirectory, $"share-add-{name}-{theme}.png"), FullPage = true });
        }

        axe.AssertNoViolations();
    }

    private static async Task SeedAsync(TestUser user, TestUser bob)
    {
        await user.Http.PutAsync("/a.txt", "a"u8.ToArray());
        await user.Http.PutAsync("/b.txt", "b"u8.ToArray());
        await user.Http.ShareAsync("/a.txt", bob.Username, Roles.Viewer);
    }

    private static async Task<ILocator> OpenShareDialogAsync(IPage page, string name)
    {
        await page.GetByRole(AriaRole.Option, new() { Name = name }).ClickAsync();
        await page.GetByRole(AriaRole.Toolbar, new() { Name = "File actions" }).GetByRole(AriaRole.Button, new() { Name = "Share" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Share {name}" });
        await Expect(dialog).ToBeVisibleAsync();
        return dialog;
    }
}
