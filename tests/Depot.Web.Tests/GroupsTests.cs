using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Groups;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

[Collection(nameof(WebAppCollection))]
public sealed class GroupsTests(WebAppFixture app)
{
    [Fact]
    public async Task Admin_creates_a_group_adds_a_member_renames_removes_the_member_and_deletes_it()
    {
        var (context, page, admin) = await app.SignedInAsync(isAdmin: true);
        await using var _ = context;
        using var member = await app.Server.CreateUserAsync();
        var name = "team-" + Guid.NewGuid().ToString("N")[..10];
        var renamed = name + "-renamed";

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Groups" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New group" }).ClickAsync();
        await page.GetByLabel("Group name").FillAsync(name);
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Rest.EventuallyAsync(async () => await admin.Http.GroupAsync(name) is not null);

        var row = page.Locator($"tr[data-group='{name}']");
        await row.GetByRole(AriaRole.Button, new() { Name = "Members" }).ClickAsync();
        var members = page.GetByRole(AriaRole.Dialog, new() { Name = $"Members of {name}" });
        await Expect(members.Locator($"datalist option[value='{member.Username}']")).ToHaveCountAsync(1);   // suggested
        await members.GetByLabel("Add a member").FillAsync(member.Username);
        await members.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(members.Locator($"li[data-member='{member.Username}']")).ToBeVisibleAsync();
        Assert.Equal(member.Username, Assert.Single(await admin.Http.MembersAsync(name)).Username);
        await members.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("1");

        await row.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await page.GetByLabel("New name").FillAsync(renamed);
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Rest.EventuallyAsync(async () => await admin.Http.GroupAsync(renamed) is not null);
        Assert.Null(await admin.Http.GroupAsync(name));
        Assert.Equal(member.Username, Assert.Single(await admin.Http.MembersAsync(renamed)).Username);

        row = page.Locator($"tr[data-group='{renamed}']");
        await row.GetByRole(AriaRole.Button, new() { Name = "Members" }).ClickAsync();
        members = page.GetByRole(AriaRole.Dialog, new() { Name = $"Members of {renamed}" });
        await members.GetByRole(AriaRole.Button, new() { Name = $"Remove {member.Username}" }).ClickAsync();
        await Expect(members).ToContainTextAsync("No members yet.");
        Assert.Empty(await admin.Http.MembersAsync(renamed));
        await members.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        await row.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete group" });
        await Expect(confirm).ToContainTextAsync("every share to this group ends");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete group" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        Assert.Null(await admin.Http.GroupAsync(renamed));
    }

    [Fact]
    public async Task Taken_group_name_and_unknown_member_are_explained()
    {
        var (context, page, admin) = await app.SignedInAsync(isAdmin: true);
        await using var _ = context;
        var name = "crew-" + Guid.NewGuid().ToString("N")[..10];
        using (var created = await admin.Http.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(name), DepotJsonContext.Default.CreateGroupRequest))
        {
            created.EnsureSuccessStatusCode();
        }

        await page.GotoAsync("/admin/groups");
        await page.GetByRole(AriaRole.Button, new() { Name = "New group" }).ClickAsync();
        await page.GetByLabel("Group name").FillAsync(name.ToUpperInvariant());   // names compare ignoring case
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New group" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("already exists");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await page.Locator($"tr[data-group='{name}']").GetByRole(AriaRole.Button, new() { Name = "Members" }).ClickAsync();
        var members = page.GetByRole(AriaRole.Dialog, new() { Name = $"Members of {name}" });
        await members.GetByLabel("Add a member").FillAsync("nobody-by-this-name");
        await members.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(members.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is no user named “nobody-by-this-name”");
        Assert.Empty(await admin.Http.MembersAsync(name));
        Assert.Single(await admin.Http.GroupsAsync(), g => g.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
    }
}
