using Microsoft.Playwright;

namespace Depot.Web.Tests;

[Collection(nameof(WebAppCollection))]
public sealed class ListTests(WebAppFixture app)
{
    [Fact]
    public async Task Large_folder_renders_only_visible_rows_and_the_keyboard_reaches_the_end()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        const int count = 2500;   // more than two pages of the folder API
        await user.Http.PutAsync("/big/f0000.txt", "x"u8.ToArray());
        await Parallel.ForEachAsync(Enumerable.Range(1, count - 1), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var body = new StringContent($$"""{"from":"/big/f0000.txt","to":"/big/f{{i:D4}}.txt"}""", System.Text.Encoding.UTF8, "application/json");
            (await user.Http.PostAsync("/api/v1/copies", body, ct)).EnsureSuccessStatusCode();
        });

        await page.GotoAsync("/files/big");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "items" })).ToHaveTextAsync($"{count} items");
        Assert.True(await page.Locator(".row").CountAsync() < 100, "only the visible rows are in the DOM");

        await page.GetByRole(AriaRole.Listbox).FocusAsync();
        await page.Keyboard.PressAsync("End");
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = $"f{count - 1:D4}.txt" })).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("Shift+ArrowUp");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "items" })).ToHaveTextAsync($"{count} items, 2 selected");
    }
}
