using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Sharing;
using Depot.Protocol.Users;
using Depot.Testing;

namespace Depot.Server.Tests.Sharing;

/// <summary>
/// Writes that create missing folders inside a share are checked against, and reserve, the sharer's quota, as
/// their commit charges it: never the editor's.
/// </summary>
public sealed class QuotaThroughSharesTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    [Fact]
    public async Task Creating_parents_inside_a_share_counts_against_the_owners_quota()
    {
        using var owner = await server.CreateUserAsync(quotaBytes: 100_000);
        using var editor = await server.CreateUserAsync(quotaBytes: 10);
        await owner.Http.MkdirAsync("/team");
        await SharingApi.ShareAndMountAsync(owner, "/team", editor, Roles.Editor, "team");

        // A declared length over the editor's quota but within the owner's: accepted, and charged to the owner.
        using (var put = await editor.Http.PutAsync("/api/v1/files/team/new/deeper/a.bin?parents=true", new ByteArrayContent(new byte[1000])))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using (var tus = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads"))
        {
            tus.Headers.Add("Tus-Resumable", "1.0.0");
            tus.Headers.Add("Upload-Length", "2000");
            tus.Headers.Add("Upload-Metadata", "path " + Convert.ToBase64String("/team/other/b.bin"u8) + ",parents " + Convert.ToBase64String("true"u8));
            using var created = await editor.Http.SendAsync(tus);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        Assert.Equal(1000, (await UsedAsync(owner)).UsedBytes);
        Assert.Equal(0, (await UsedAsync(editor)).UsedBytes);

        // Over the owner's quota: refused before the body, as 507.
        using var tooBig = await editor.Http.PutAsync("/api/v1/files/team/x/y.bin?parents=true", new ByteArrayContent(new byte[200_000]));
        await SharingApi.AssertStatusAsync(tooBig, HttpStatusCode.InsufficientStorage, ErrorCodes.QuotaExceeded);
    }

    private static async Task<UserInfo> UsedAsync(TestUser user) =>
        (await user.Http.GetFromJsonAsync("/api/v1/me", DepotJsonContext.Default.UserInfo))!;
}
