using System.Text.Json;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Tus;

/// <summary>tus-js-client, the reference tus client, in Node against a live server: cut off part-way, resumed, byte-identical.</summary>
public sealed class TusJsClientTests(DepotServer server, ITestOutputHelper output) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Tus_js_client_upload_cut_off_part_way_resumes_where_the_server_stood_and_is_byte_identical()
    {
        using var alice = await server.CreateUserAsync();
        var file = Path.GetTempFileName();
        try
        {
            var data = new byte[8 * 1024 * 1024 + 12_345];
            Random.Shared.NextBytes(data);
            await File.WriteAllBytesAsync(file, data);

            var printed = await NodeScripts.RunAsync("resume.mjs", new Uri(server.Address, "/api/v1/uploads").ToString(), alice.Token, file,
                "/from js/résumé.bin");
            output.WriteLine(printed);
            using var result = JsonDocument.Parse(printed.Trim().Split('\n')[^1]);
            var offsetAfterCut = result.RootElement.GetProperty("offsetAfterCut").GetInt64();
            var sentOnResume = result.RootElement.GetProperty("sentOnResume").GetInt64();

            Assert.InRange(offsetAfterCut, 1, data.Length - 1);
            Assert.Equal(data.Length - offsetAfterCut, sentOnResume);
            Assert.Equal(data, await alice.Http.GetByteArrayAsync("/api/v1/files/from%20js/r%C3%A9sum%C3%A9.bin"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
