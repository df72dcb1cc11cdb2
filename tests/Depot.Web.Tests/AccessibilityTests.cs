using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Depot.Protocol;
using Depot.Protocol.Groups;
using Depot.Protocol.Sharing;
using Depot.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>
/// axe-core's WCAG 2.1 A/AA rules (contrast included) on every main screen, in the light and the dark theme (Playwright
/// emulates prefers-color-scheme, which the app follows until a theme is picked), at desktop and, where the layout
/// changes, phone size. One browser context per theme walks all the signed-in screens, so the class stays fast.
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class AccessibilityTests(WebAppFixture app)
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Sign_in_and_every_signed_in_screen_pass_axe(string theme)
    {
        using var friend = await app.Server.CreateUserAsync();
        using var admin = await app.Server.CreateUserAsync(isAdmin: true);
        await SeedAsync(admin, friend);
        var (context, page) = await app.AtSignInAsync(AxeContext(theme));
        await using var _ = context;
        var axe = new Axe();

        await axe.CheckAsync(page, "sign-in");
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await axe.CheckAsync(page, "sign-in, phone");
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
        await WebAppFixture.SignInAsync(page, admin);

        // A mount whose share ended only explains itself, in an error toast.
        await page.GetByRole(AriaRole.Option, new() { Name = "gone" }).DblClickAsync();
        await Expect(page.Locator(".toast.error")).ToBeVisibleAsync();
        await page.GetByTestId("file-input").SetInputFilesAsync(new FilePayload { Name = "sent.txt", MimeType = "text/plain", Buffer = "sent"u8.ToArray() });
        await Expect(page.Locator(".upload[data-status=done]")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Option, new() { Name = "notes.txt" }).ClickAsync();
        var toolbar = page.GetByRole(AriaRole.Toolbar, new() { Name = "File actions" });
        await Expect(toolbar.GetByRole(AriaRole.Button, new() { Name = "Clear selection" })).ToBeVisibleAsync();
        await axe.CheckAsync(page, "files with a selection, an upload and an error toast");

        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Share" }).ClickAsync();
        var share = page.GetByRole(AriaRole.Dialog, new() { Name = "Share notes.txt" });
        await Expect(share.GetByLabel($"Role of user {friend.Username}")).ToBeVisibleAsync();
        await axe.CheckAsync(page, "share dialog, People");
        await share.GetByRole(AriaRole.Tab, new() { Name = "Links" }).ClickAsync();
        await share.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        await Expect(share.GetByTestId("created-link-url")).ToHaveValueAsync(new Regex("/s/"));
        await share.GetByRole(AriaRole.Button, new() { Name = "Edit read link" }).ClickAsync();
        await Expect(share.GetByRole(AriaRole.Form, new() { Name = "Edit link" })).ToBeVisibleAsync();
        await axe.CheckAsync(page, "share dialog, Links with a new link and one being edited");
        await share.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(share).ToBeHiddenAsync();

        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Versions" }).ClickAsync();
        var versions = page.GetByRole(AriaRole.Dialog, new() { Name = "Versions of notes.txt" });
        await Expect(versions.Locator("tr[data-version]")).ToHaveCountAsync(2);
        await axe.CheckAsync(page, "versions dialog");
        await versions.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(versions).ToBeHiddenAsync();

        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
        var move = page.GetByRole(AriaRole.Dialog, new() { Name = "Move to" });
        await Expect(move.GetByRole(AriaRole.Button, new() { Name = "Documents" })).ToBeVisibleAsync();
        await axe.CheckAsync(page, "move dialog");
        await move.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(move).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Option, new() { Name = "notes.txt" }).DblClickAsync();
        var preview = page.GetByRole(AriaRole.Dialog, new() { Name = "notes.txt" });
        await Expect(preview.Locator(".text-preview")).ToContainTextAsync("second draft");
        await axe.CheckAsync(page, "text preview dialog");
        await preview.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(preview.Locator("textarea")).ToHaveValueAsync("second draft");
        await axe.CheckAsync(page, "text editor");
        await preview.GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();
        await Expect(preview).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Option, new() { Name = "readme.md" }).DblClickAsync();
        var markdown = page.GetByRole(AriaRole.Dialog, new() { Name = "readme.md" });
        await Expect(markdown.GetByRole(AriaRole.Heading, new() { Name = "Read me" })).ToBeVisibleAsync();
        await axe.CheckAsync(page, "markdown preview");
        await markdown.GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();
        await Expect(markdown).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search by name" }).FillAsync("notes");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Results for “notes”" })).ToBeVisibleAsync();
        await Expect(page.Locator(".results li")).Not.ToHaveCountAsync(0);
        await axe.CheckAsync(page, "search results");

        await VisitAsync(axe, page, "Shared with me", page.Locator("tr[data-name='from-friend.txt']"));
        await VisitAsync(axe, page, "Trash", page.Locator("tr[data-name='old.txt']"));
        await VisitAsync(axe, page, "Sessions", page.Locator("tr[data-kind=web]").First);
        await VisitAsync(axe, page, "Users", page.Locator($"tr[data-user='{friend.Username}']"));
        await VisitAsync(axe, page, "Groups", page.Locator("tr[data-group]").First);
        await page.Locator("tr[data-group]").First.GetByRole(AriaRole.Button, new() { Name = "Members" }).ClickAsync();
        var members = page.GetByRole(AriaRole.Dialog);
        await Expect(members.GetByLabel("Add a member")).ToBeVisibleAsync();
        await axe.CheckAsync(page, "group members dialog");
        await members.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(members).ToBeHiddenAsync();

        // Phones: the navigation folds behind a menu button, the list and the tables drop columns.
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await axe.CheckAsync(page, "groups, phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await VisitAsync(axe, page, "Trash", page.Locator("tr[data-name='old.txt']"), "trash, phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Files", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Documents" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        await axe.CheckAsync(page, "files with a selection and the menu open, phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();

        await page.GetByRole(AriaRole.Option, new() { Name = "readme.md" }).DblClickAsync();
        var phonePreview = page.GetByRole(AriaRole.Dialog, new() { Name = "readme.md" });
        await Expect(phonePreview.GetByRole(AriaRole.Heading, new() { Name = "Read me" })).ToBeVisibleAsync();
        await axe.CheckAsync(page, "markdown preview, phone");
        await phonePreview.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(phonePreview.Locator("textarea")).ToBeVisibleAsync();
        await axe.CheckAsync(page, "text editor, phone");
        axe.AssertNoViolations();
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Public_link_pages_pass_axe(string theme)
    {
        using var owner = await app.Server.CreateUserAsync();
        await owner.Http.PutAsync("/readme.txt", "Read me first."u8.ToArray());
        await owner.Http.PutAsync("/album/a.txt", "alpha"u8.ToArray());
        await owner.Http.PutAsync("/album/photos/b.txt", "beta"u8.ToArray());
        await owner.Http.PutAsync("/inbox/secret.txt", "private"u8.ToArray());
        var file = await owner.Http.CreateLinkAsync("/readme.txt");
        var folder = await owner.Http.CreateLinkAsync("/album");
        var dropBox = await owner.Http.CreateLinkAsync("/inbox", LinkModes.DropBox);
        var locked = await owner.Http.CreateLinkAsync("/readme.txt", password: "open sesame");
        var options = AxeContext(theme);
        options.BaseURL = app.Server.Address.ToString().TrimEnd('/');
        options.ViewportSize = Desktop;
        await using var context = await app.Browser.NewContextAsync(options);   // a visitor: no session
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var axe = new Axe();

        await page.GotoAsync(file.Url);
        await Expect(page.Locator(".text-preview")).ToHaveTextAsync("Read me first.");
        await axe.CheckAsync(page, "file link");

        await page.GotoAsync(folder.Url + "/photos");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Contents" })).ToContainTextAsync("b.txt");
        await axe.CheckAsync(page, "folder link, subfolder");
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await axe.CheckAsync(page, "folder link, subfolder, phone");
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);

        await page.GotoAsync(dropBox.Url);
        await page.GetByLabel("Choose files").SetInputFilesAsync(new FilePayload { Name = "sent.txt", MimeType = "text/plain", Buffer = "sent"u8.ToArray() });
        await Expect(page.Locator(".drop[data-status=done]")).ToHaveCountAsync(1);
        await axe.CheckAsync(page, "drop box with a finished upload");

        await page.GotoAsync(locked.Url);
        await page.GetByLabel("Password").FillAsync("not it");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong password.");
        await axe.CheckAsync(page, "password form with an error");

        await page.GotoAsync("/s/no-such-link-token");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Link not available" })).ToBeVisibleAsync();
        await axe.CheckAsync(page, "dead link");
        axe.AssertNoViolations();
    }

    private static BrowserNewContextOptions AxeContext(string theme) => new()
    {
        ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
        // Only for axe: it injects its script, which the app's CSP refuses (see Axe). The CSP itself is SecurityTests' job.
        BypassCSP = true,
    };

    private static async Task VisitAsync(Axe axe, IPage page, string navLink, ILocator loaded, string? screen = null)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = navLink, Exact = true }).ClickAsync();
        await Expect(loaded).ToBeVisibleAsync();
        await axe.CheckAsync(page, screen ?? navLink);
    }

    // What the screens show: a folder and files, a file with two versions, one item in the trash, a share each way
    // (so the People tab and "Shared with me" have rows), a mount whose share ended, and a group for the admin pages.
    private static async Task SeedAsync(TestUser admin, TestUser friend)
    {
        await admin.Http.PutAsync("/Documents/plan.txt", "the plan"u8.ToArray());
        await admin.Http.PutAsync("/notes.txt", "first draft"u8.ToArray());
        await admin.Http.PutAsync("/notes.txt", "second draft"u8.ToArray());
        await admin.Http.PutAsync("/todo.txt", "buy milk"u8.ToArray());
        await admin.Http.PutAsync("/readme.md", "# Read me\n\nSome **bold** text, `code`, a [link](https://example.org).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"u8.ToArray());
        await admin.Http.PutAsync("/old.txt", "old"u8.ToArray());
        (await admin.Http.DeleteAsync(Rest.Url("files", "/old.txt"))).EnsureSuccessStatusCode();
        await admin.Http.ShareAsync("/notes.txt", friend.Username, Roles.Viewer);
        await friend.Http.PutAsync("/from-friend.txt", "hello"u8.ToArray());
        await friend.Http.ShareAsync("/from-friend.txt", admin.Username, Roles.Editor);
        await friend.Http.MkdirAsync("/ended");
        var ended = await friend.Http.ShareAsync("/ended", admin.Username, Roles.Viewer);
        await admin.Http.MountAsync(ended.NodeId, "/gone");
        (await friend.Http.DeleteAsync($"/api/v1/shares/{ended.Id}")).EnsureSuccessStatusCode();
        using var group = await admin.Http.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest("crew-" + Guid.NewGuid().ToString("N")[..10]),
            DepotJsonContext.Default.CreateGroupRequest);
        group.EnsureSuccessStatusCode();
    }
}
