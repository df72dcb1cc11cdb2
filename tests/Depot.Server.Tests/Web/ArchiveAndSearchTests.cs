using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Testing;

namespace Depot.Server.Tests.Web;

public sealed class ArchiveAndSearchTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Folder_zip_holds_every_live_file_byte_for_byte()
    {
        using var user = await server.CreateUserAsync();
        var big = new byte[1_500_000];
        Random.Shared.NextBytes(big);
        await PutAsync(user.Http, "/docs/big.bin", big);
        await PutAsync(user.Http, "/docs/sub/é ü.txt", "unicode"u8.ToArray());
        await PutAsync(user.Http, "/docs/gone.txt", "trashed"u8.ToArray());
        (await user.Http.DeleteAsync("/api/v1/files/docs/gone.txt")).EnsureSuccessStatusCode();
        (await user.Http.PostAsync("/api/v1/folders/docs/empty", null)).EnsureSuccessStatusCode();

        using var response = await user.Http.GetAsync("/api/v1/archives/docs", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("docs.zip", response.Content.Headers.ContentDisposition?.FileNameStar);
        var zip = await ReadZipAsync(response);

        Assert.Equal(big, zip["docs/big.bin"]);
        Assert.Equal("unicode"u8.ToArray(), zip["docs/sub/é ü.txt"]);
        Assert.Contains("docs/empty/", zip.Keys);
        Assert.DoesNotContain("docs/gone.txt", zip.Keys);
    }

    [Fact]
    public async Task Selection_zip_puts_each_item_at_the_top()
    {
        using var user = await server.CreateUserAsync();
        await PutAsync(user.Http, "/a/one.txt", "1"u8.ToArray());
        await PutAsync(user.Http, "/b/one.txt", "2"u8.ToArray());

        using var response = await user.Http.PostAsJsonAsync("/api/v1/archives", new ArchiveRequest(["/a/one.txt", "/b/one.txt", "/b"]),
            DepotJsonContext.Default.ArchiveRequest);
        var zip = await ReadZipAsync(response);

        Assert.Equal("1"u8.ToArray(), zip["one.txt"]);
        Assert.Equal("2"u8.ToArray(), zip["one (2).txt"]);
        Assert.Equal("2"u8.ToArray(), zip["b/one.txt"]);
    }

    [Fact]
    public async Task Zip_of_a_missing_path_is_404_before_anything_is_sent()
    {
        using var user = await server.CreateUserAsync();
        using var response = await user.Http.GetAsync("/api/v1/archives/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Search_matches_substrings_case_insensitively_skips_trash_and_pages()
    {
        using var user = await server.CreateUserAsync();
        await PutAsync(user.Http, "/Reports/Annual-REPORT.pdf", "x"u8.ToArray());
        await PutAsync(user.Http, "/misc/report_2.txt", "x"u8.ToArray());
        await PutAsync(user.Http, "/misc/reportXtxt", "x"u8.ToArray());
        await PutAsync(user.Http, "/old/report-old.txt", "x"u8.ToArray());
        (await user.Http.DeleteAsync("/api/v1/files/old")).EnsureSuccessStatusCode();
        using var other = await server.CreateUserAsync();
        await PutAsync(other.Http, "/report-of-someone-else.txt", "x"u8.ToArray());

        var all = await SearchAsync(user.Http, "REPORT", 50, null);
        string[] expected = ["/misc/report_2.txt", "/misc/reportXtxt", "/Reports", "/Reports/Annual-REPORT.pdf"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), all.Items.Select(i => i.Path).Order(StringComparer.Ordinal));

        var underscore = await SearchAsync(user.Http, "report_", 50, null);   // _ is literal, not a LIKE wildcard
        Assert.Equal(["/misc/report_2.txt"], underscore.Items.Select(i => i.Path));

        var first = await SearchAsync(user.Http, "report", 2, null);
        var second = await SearchAsync(user.Http, "report", 2, first.NextCursor);
        Assert.Null(second.NextCursor);
        Assert.Equal(4, first.Items.Concat(second.Items).Select(i => i.Id).Distinct().Count());
    }

    private static async Task<SearchResults> SearchAsync(HttpClient http, string q, int limit, string? cursor) =>
        (await http.GetFromJsonAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}&limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}"),
            DepotJsonContext.Default.SearchResults))!;

    private static async Task PutAsync(HttpClient http, string path, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        var url = "/api/v1/files/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString)) + "?parents=true";
        (await http.PutAsync(url, body)).EnsureSuccessStatusCode();
    }

    private static async Task<Dictionary<string, byte[]>> ReadZipAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        var copy = new MemoryStream();
        await (await response.Content.ReadAsStreamAsync()).CopyToAsync(copy);
        copy.Position = 0;
        using var zip = new ZipArchive(copy, ZipArchiveMode.Read);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            var bytes = new MemoryStream();
            await using (var stream = entry.Open())
            {
                await stream.CopyToAsync(bytes);
            }

            entries[entry.FullName] = bytes.ToArray();
        }

        return entries;
    }
}
