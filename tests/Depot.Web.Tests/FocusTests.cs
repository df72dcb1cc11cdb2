using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>
/// What axe cannot see: where keyboard focus goes. Dialogs take it and give it back, Tab walks the main view in reading
/// order, and wherever it lands there is a visible focus ring with enough contrast (WCAG 2.4.3, 2.4.7, 1.4.11); and
/// text fields have borders one can find (1.4.11 again).
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class FocusTests(WebAppFixture app)
{
    // Where the focused element sits, in the terms of the brief: the page's regions rather than single controls.
    private const string Region = """
        () => {
          const e = document.activeElement;
          if (e.closest("dialog[open]")) return "dialog";
          if (e.matches(".skip")) return "skip";
          if (e.closest("[role=search]")) return "search";
          if (e.closest("header")) return "header";
          if (e.closest("nav#nav")) return "nav";
          if (e.closest("nav[aria-label=Breadcrumb]")) return "breadcrumb";
          if (e.closest("[role=group][aria-label=View]")) return "view";
          if (e.closest("[role=toolbar]")) return "toolbar";
          if (e.closest(".listhead")) return "sort";
          if (e.matches("[role=listbox]")) return "list";
          return e.tagName.toLowerCase();
        }
        """;

    [Fact]
    public async Task A_dialog_takes_focus_when_it_opens_and_gives_it_back_when_it_closes()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/notes.txt", "hello"u8.ToArray());
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "notes.txt" }).ClickAsync();

        // From a toolbar button, closed with Escape.
        var versionsButton = page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = "Versions" });
        await versionsButton.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var versions = page.GetByRole(AriaRole.Dialog, new() { Name = "Versions of notes.txt" });
        await Expect(versions.Locator(":focus")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await Expect(versions).ToHaveCountAsync(0);
        await Expect(versionsButton).ToBeFocusedAsync();

        // From the list (Enter opens the focused item), closed with the dialog's Close button.
        var list = page.GetByRole(AriaRole.Listbox);
        await list.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var preview = page.GetByRole(AriaRole.Dialog, new() { Name = "notes.txt" });
        await Expect(preview.Locator(":focus")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Tab");
        await Expect(preview.Locator(":focus")).ToHaveCountAsync(1);   // modal: Tab stays inside
        await preview.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(preview).ToHaveCountAsync(0);
        await Expect(list).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Tab_walks_the_main_view_through_search_navigation_toolbar_and_list_in_that_order()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.PutAsync("/notes.txt", "hello"u8.ToArray());
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "notes.txt" })).ToBeVisibleAsync();

        var regions = new List<string>();
        while (regions.LastOrDefault() != "list" && regions.Count < 40)
        {
            await page.Keyboard.PressAsync("Tab");
            regions.Add(await page.EvaluateAsync<string>(Region));
        }

        // Each region once, as one run of Tab stops, in reading order.
        var runs = regions.Where((r, i) => i == 0 || regions[i - 1] != r).ToList();
        Assert.Equal(["skip", "header", "search", "header", "nav", "breadcrumb", "view", "toolbar", "sort", "list"], runs);
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Every_keyboard_focus_stop_shows_a_focus_ring_that_stands_out(string theme)
    {
        var user = await app.Server.CreateUserAsync();
        using var __ = user;
        await user.Http.PutAsync("/notes.txt", "hello"u8.ToArray());
        var (context, page) = await app.AtSignInAsync(new() { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light });
        await using var _ = context;
        await WebAppFixture.SignInAsync(page, user);
        await page.ReloadAsync();   // Tab starts from the top of the document
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "notes.txt" })).ToBeVisibleAsync();

        // Down to the list, select its first item, then back up through the toolbar, which now has the selection's buttons.
        var stops = new List<string>();
        while (!stops.LastOrDefault("").StartsWith("listbox", StringComparison.Ordinal) && stops.Count < 40)
        {
            stops.Add(await StopAfterAsync(page, "Tab"));
        }

        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Clear selection" })).ToBeVisibleAsync();
        while (!stops.LastOrDefault("").StartsWith("button Upload files", StringComparison.Ordinal) && stops.Count < 80)
        {
            stops.Add(await StopAfterAsync(page, "Shift+Tab"));
        }

        await page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = "Versions" }).FocusAsync();
        stops.Add("in a dialog, " + await StopAfterAsync(page, "Enter"));
        await Expect(page.GetByRole(AriaRole.Dialog).Locator("tr[data-version]")).ToHaveCountAsync(1);
        stops.Add("in a dialog, " + await StopAfterAsync(page, "Tab"));

        Assert.True(stops.Count > 25, string.Join("\n", stops));
        var failing = stops.Where(p => !p.EndsWith(": ok", StringComparison.Ordinal)).ToList();
        Assert.True(failing.Count == 0, $"Focus stops without a visible ring ({theme}):\n" + string.Join("\n", failing));
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Form_fields_are_outlined_at_3_to_1_against_what_surrounds_them(string theme)
    {
        var user = await app.Server.CreateUserAsync();
        using var __ = user;
        var (context, page) = await app.AtSignInAsync(new() { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light });
        await using var _ = context;
        var fields = await FieldOutlinesAsync(page);   // on the sign-in card's panel colour
        await WebAppFixture.SignInAsync(page, user);
        await page.GetByRole(AriaRole.Button, new() { Name = "New folder" }).ClickAsync();
        await Expect(page.GetByLabel("Folder name")).ToBeFocusedAsync();
        fields.AddRange(await FieldOutlinesAsync(page));   // the search box on the page, a name field in a dialog

        Assert.True(fields.Count >= 4, string.Join("\n", fields));
        var failing = fields.Where(p => !p.EndsWith(": ok", StringComparison.Ordinal)).ToList();
        Assert.True(failing.Count == 0, $"Form fields whose border is too faint to find ({theme}):\n" + string.Join("\n", failing));
    }

    // WCAG's contrast ratio of two computed colours ("rgb(…)"), for the checks below.
    private const string ContrastJs = """
        const contrast = (c1, c2) => {
          const lum = c => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(v => v / 255)
            .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
            .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
          const [a, b] = [lum(c1), lum(c2)].sort((x, y) => y - x);
          return (a + 0.05) / (b + 0.05);
        };
        """;

    // The ring is the :focus-visible outline: solid, at least 2px, and 3:1 against the page behind it (the outline
    // is drawn outside the control, on the page or dialog background, or inset on a background of the same colour).
    private static async Task<string> StopAfterAsync(IPage page, string key)
    {
        await page.Keyboard.PressAsync(key);
        return await page.EvaluateAsync<string>($$$"""
            () => {
              {{{ContrastJs}}}
              const e = document.activeElement;
              const s = getComputedStyle(e);
              const what = (e.getAttribute("role") ?? e.tagName.toLowerCase()) + " " + (e.getAttribute("aria-label") ?? e.textContent.trim()).slice(0, 40);
              const ratio = contrast(s.outlineColor, getComputedStyle(document.body).backgroundColor);
              if (!e.matches(":focus-visible")) return `${what}: not :focus-visible`;
              if (s.outlineStyle !== "solid" || parseFloat(s.outlineWidth) < 2) return `${what}: outline ${s.outlineStyle} ${s.outlineWidth}`;
              return `${what}: ${ratio >= 3 ? "ok" : `outline contrast ${ratio.toFixed(2)}:1`}`;
            }
            """);
    }

    // A text field is found by its border (WCAG 1.4.11), so that must stand out 3:1 from the colour around the field.
    private static async Task<List<string>> FieldOutlinesAsync(IPage page) => [.. await page.EvaluateAsync<string[]>($$$"""
        () => {
          {{{ContrastJs}}}
          const around = e => {
            for (let p = e.parentElement; p; p = p.parentElement) {
              const c = getComputedStyle(p).backgroundColor;
              if (c !== "transparent" && !/, 0\)$/.test(c)) return c;
            }
            return "rgb(255, 255, 255)";
          };
          return [...document.querySelectorAll("input:not([type=checkbox], [type=radio], [type=file]), select")]
            .filter(e => e.checkVisibility())
            .map(e => {
              const ratio = contrast(getComputedStyle(e).borderTopColor, around(e));
              const name = e.getAttribute("aria-label") ?? e.labels?.[0]?.textContent ?? e.name;
              return `${name}: ${ratio >= 3 ? "ok" : `border ${ratio.toFixed(2)}:1`}`;
            });
        }
        """)];
}
