using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>
/// The open folder follows changes made elsewhere (another device, a WebDAV client, a share's other member) through the
/// change feed's event stream, without the user reloading; changes in other folders leave it alone.
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class LiveRefreshTests(WebAppFixture app)
{
    private static ILocator Row(IPage page, string name) => page.GetByRole(AriaRole.Option, new() { Name = name });

    [Fact]
    public async Task A_file_added_moved_and_deleted_elsewhere_shows_in_the_open_folder_without_a_reload()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.MkdirAsync("/inbox");
        await page.GotoAsync("/files/inbox");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "items" })).ToHaveTextAsync("0 items");
        var requests = 0;
        page.Request += (_, request) => requests += request.Url.Contains("/api/v1/folders/inbox", StringComparison.Ordinal) ? 1 : 0;

        await user.Http.PutAsync("/elsewhere/ignored.txt", "not in this folder"u8.ToArray());
        await user.Http.PutAsync("/inbox/arrived.txt", "from another device"u8.ToArray());
        await Expect(Row(page, "arrived.txt")).ToBeVisibleAsync(new() { Timeout = 10_000 });

        using (var moved = await user.Http.PostAsync("/api/v1/moves",
            new StringContent("""{"from":"/inbox/arrived.txt","to":"/inbox/renamed.txt"}""", global::System.Text.Encoding.UTF8, "application/json")))
        {
            moved.EnsureSuccessStatusCode();
        }

        await Expect(Row(page, "renamed.txt")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(Row(page, "arrived.txt")).ToHaveCountAsync(0);

        using (var deleted = await user.Http.DeleteAsync(Rest.Url("files", "/inbox/renamed.txt")))
        {
            deleted.EnsureSuccessStatusCode();
        }

        await Expect(Row(page, "renamed.txt")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        Assert.InRange(requests, 3, 10); // one listing per change that touched the folder (bursts coalesce), not a poll
    }
}
