using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Groups;
using Depot.Protocol.Users;

namespace Depot.Web.Tests;

/// <summary>Checks of users and groups through the admin REST API, with an admin's client.</summary>
internal static class AdminRest
{
    private static string Segment(string name) => Uri.EscapeDataString(name);

    /// <summary>The group, or null when the server answers 404 group_not_found.</summary>
    public static async Task<GroupInfo?> GroupAsync(this HttpClient admin, string name)
    {
        using var response = await admin.GetAsync($"/api/v1/groups/{Segment(name)}");
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(DepotJsonContext.Default.GroupInfo);
    }

    public static async Task<IReadOnlyList<GroupInfo>> GroupsAsync(this HttpClient admin) =>
        (await admin.GetFromJsonAsync("/api/v1/groups", DepotJsonContext.Default.IReadOnlyListGroupInfo))!;

    public static async Task<IReadOnlyList<GroupMemberInfo>> MembersAsync(this HttpClient admin, string group) =>
        (await admin.GetFromJsonAsync($"/api/v1/groups/{Segment(group)}/members", DepotJsonContext.Default.IReadOnlyListGroupMemberInfo))!;

    public static async Task<UserInfo?> UserAsync(this HttpClient admin, string username)
    {
        using var response = await admin.GetAsync($"/api/v1/users/{Segment(username)}");
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(DepotJsonContext.Default.UserInfo);
    }
}
