using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Testing;

namespace Depot.Server.Tests.Files;

/// <summary>Folders, stat, moves, copies, trash and versions over HTTP.</summary>
public sealed class TreeApiTests(DepotServer server) : IClassFixture<DepotServer>
{
    private static ByteArrayContent Bytes(byte[] data) => new(data);

    [Fact]
    public async Task Mkdir_list_and_stat()
    {
        using var alice = await server.CreateUserAsync();
        Assert.Equal(HttpStatusCode.Created, (await alice.Http.PostAsync("/api/v1/folders/a/b?parents=true", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.Http.PostAsync("/api/v1/folders/a/b?parents=true", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await alice.Http.PostAsync("/api/v1/folders/a/b", null)).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            await alice.Http.PutAsync($"/api/v1/files/a/f{i}", Bytes(new byte[i]));
        }

        var page = (await alice.Http.GetFromJsonAsync("/api/v1/folders/a?limit=4&sort=size&order=desc", DepotJsonContext.Default.FolderListing))!;
        Assert.Equal(4, page.Items.Count);
        Assert.Equal("/a", page.Folder.Path);
        Assert.Equal(NodeKinds.Folder, page.Folder.Kind);
        var rest = (await alice.Http.GetFromJsonAsync($"/api/v1/folders/a?limit=4&sort=size&order=desc&cursor={page.NextCursor}",
            DepotJsonContext.Default.FolderListing))!;
        Assert.Null(rest.NextCursor);
        Assert.Equal(6, page.Items.Concat(rest.Items).Select(i => i.Name).Distinct().Count());

        var root = (await alice.Http.GetFromJsonAsync("/api/v1/folders", DepotJsonContext.Default.FolderListing))!;
        Assert.Equal("/", root.Folder.Path);
        Assert.Equal("a", Assert.Single(root.Items).Name);
        var stat = (await alice.Http.GetFromJsonAsync("/api/v1/nodes/A/F3", DepotJsonContext.Default.NodeInfo))!;
        Assert.Equal("/a/f3", stat.Path);
        Assert.Equal(3, stat.Size);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.Http.GetAsync("/api/v1/folders/a?sort=colour")).StatusCode);
    }

    [Fact]
    public async Task Move_copy_and_their_conflicts()
    {
        using var alice = await server.CreateUserAsync();
        await alice.Http.PutAsync("/api/v1/files/d/x.txt?parents=true", Bytes([7]));
        using var copy = await alice.Http.PostAsJsonAsync("/api/v1/copies", new MoveRequest("/d", "/e"), DepotJsonContext.Default.MoveRequest);
        Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
        using var move = await alice.Http.PostAsJsonAsync("/api/v1/moves", new MoveRequest("/e/x.txt", "/y.txt"), DepotJsonContext.Default.MoveRequest);
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        Assert.Equal("/y.txt", (await move.Content.ReadFromJsonAsync(DepotJsonContext.Default.NodeInfo))!.Path);
        Assert.Equal([7], await alice.Http.GetByteArrayAsync("/api/v1/files/y.txt"));

        using var intoSelf = await alice.Http.PostAsJsonAsync("/api/v1/moves", new MoveRequest("/d", "/d/inner"), DepotJsonContext.Default.MoveRequest);
        Assert.Equal(HttpStatusCode.Conflict, intoSelf.StatusCode);
        Assert.Contains("move_into_self", await intoSelf.Content.ReadAsStringAsync());
        using var taken = await alice.Http.PostAsJsonAsync("/api/v1/moves", new MoveRequest("/y.txt", "/d/x.txt"), DepotJsonContext.Default.MoveRequest);
        Assert.Contains("already_exists", await taken.Content.ReadAsStringAsync());
        using var bad = await alice.Http.PostAsJsonAsync("/api/v1/moves", new MoveRequest("/y.txt", "/../etc"), DepotJsonContext.Default.MoveRequest);
        Assert.Contains("invalid_name", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Move_with_a_stale_if_match_is_refused_and_moves_nothing()
    {
        using var alice = await server.CreateUserAsync();
        using var first = await alice.Http.PutAsync("/api/v1/files/m.txt", Bytes("one"u8.ToArray()));
        var staleTag = first.Headers.ETag!.Tag;
        (await alice.Http.PutAsync("/api/v1/files/m.txt", Bytes("two"u8.ToArray()))).Dispose();

        using var stale = new HttpRequestMessage(HttpMethod.Post, "/api/v1/moves")
        {
            Content = JsonContent.Create(new MoveRequest("/m.txt", "/n.txt"), DepotJsonContext.Default.MoveRequest),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", staleTag);
        using var refused = await alice.Http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync("/api/v1/nodes/n.txt")).StatusCode);

        var current = (await alice.Http.GetFromJsonAsync("/api/v1/nodes/m.txt", DepotJsonContext.Default.NodeInfo))!.ETag;
        using var fresh = new HttpRequestMessage(HttpMethod.Post, "/api/v1/moves")
        {
            Content = JsonContent.Create(new MoveRequest("/m.txt", "/n.txt"), DepotJsonContext.Default.MoveRequest),
        };
        fresh.Headers.TryAddWithoutValidation("If-Match", current);
        using var moved = await alice.Http.SendAsync(fresh);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("two", await alice.Http.GetStringAsync("/api/v1/files/n.txt"));
    }

    [Fact]
    public async Task Version_restore_with_a_stale_if_match_is_refused_and_changes_nothing()
    {
        using var alice = await server.CreateUserAsync();
        using var first = await alice.Http.PutAsync("/api/v1/files/r.txt", Bytes("one"u8.ToArray()));
        var staleTag = first.Headers.ETag!.Tag;
        (await alice.Http.PutAsync("/api/v1/files/r.txt", Bytes("two"u8.ToArray()))).Dispose();
        var versions = (await alice.Http.GetFromJsonAsync("/api/v1/versions/r.txt", DepotJsonContext.Default.IReadOnlyListVersionInfo))!;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/versions/r.txt")
        {
            Content = JsonContent.Create(new RestoreVersionRequest(versions[1].Id), DepotJsonContext.Default.RestoreVersionRequest),
        };
        request.Headers.TryAddWithoutValidation("If-Match", staleTag);
        using var refused = await alice.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("two", await alice.Http.GetStringAsync("/api/v1/files/r.txt"));
        Assert.Equal(2, (await alice.Http.GetFromJsonAsync("/api/v1/versions/r.txt", DepotJsonContext.Default.IReadOnlyListVersionInfo))!.Count);
    }

    [Fact]
    public async Task Delete_restore_purge_and_empty_trash()
    {
        using var alice = await server.CreateUserAsync();
        await alice.Http.PutAsync("/api/v1/files/t/a.txt?parents=true", Bytes([1, 2]));
        await alice.Http.PutAsync("/api/v1/files/b.txt", Bytes([3]));
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync("/api/v1/files/t/a.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync("/api/v1/files/b.txt")).StatusCode);
        var trash = (await alice.Http.GetFromJsonAsync("/api/v1/trash", DepotJsonContext.Default.TrashListing))!;
        Assert.Equal(["b.txt", "a.txt"], trash.Items.Select(i => i.Name));   // newest first
        Assert.Equal("/t/a.txt", trash.Items[1].OriginalPath);

        using var restore = await alice.Http.PostAsync($"/api/v1/trash/{trash.Items[1].Id}/restore", null);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal([1, 2], await alice.Http.GetByteArrayAsync("/api/v1/files/t/a.txt"));
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync($"/api/v1/trash/{trash.Items[0].Id}")).StatusCode);
        await alice.Http.DeleteAsync("/api/v1/files/t");
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync("/api/v1/trash")).StatusCode);
        Assert.Empty((await alice.Http.GetFromJsonAsync("/api/v1/trash", DepotJsonContext.Default.TrashListing))!.Items);
        Assert.Contains("\"usedBytes\":0", await alice.Http.GetStringAsync("/api/v1/me"));
        Assert.Equal(HttpStatusCode.Conflict, (await alice.Http.DeleteAsync("/api/v1/files")).StatusCode);
    }

    [Fact]
    public async Task Versions_list_download_and_restore()
    {
        using var alice = await server.CreateUserAsync();
        await alice.Http.PutAsync("/api/v1/files/v.txt", Bytes("one"u8.ToArray()));
        await alice.Http.PutAsync("/api/v1/files/v.txt", Bytes("two"u8.ToArray()));
        var versions = (await alice.Http.GetFromJsonAsync("/api/v1/versions/v.txt", DepotJsonContext.Default.IReadOnlyListVersionInfo))!;
        Assert.Equal(2, versions.Count);
        Assert.True(versions[0].Current);
        Assert.Equal("one"u8.ToArray(), await alice.Http.GetByteArrayAsync($"/api/v1/files/v.txt?version={versions[1].Id}"));

        using var restore = await alice.Http.PostAsJsonAsync("/api/v1/versions/v.txt", new RestoreVersionRequest(versions[1].Id),
            DepotJsonContext.Default.RestoreVersionRequest);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal("one"u8.ToArray(), await alice.Http.GetByteArrayAsync("/api/v1/files/v.txt"));
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync("/api/v1/files/v.txt?version=nope")).StatusCode);
    }

    [Fact]
    public async Task Every_files_route_is_in_the_openapi_document()
    {
        using var http = server.CreateHttpClient();
        var document = await http.GetStringAsync("/openapi/v1.json");
        foreach (var name in new[] { "UploadFile", "DownloadFile", "DeleteFile", "GetNode", "ListFolder", "CreateFolder", "MoveNode", "CopyNode",
                     "ListTrash", "RestoreTrashItem", "PurgeTrashItem", "EmptyTrash", "ListVersions", "RestoreVersion" })
        {
            Assert.Contains($"\"operationId\": \"{name}\"", document);
        }
    }
}
