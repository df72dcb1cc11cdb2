using System.Net;
using Depot.Protocol.Sharing;
using Depot.Server.Tests.Sharing;
using Depot.Testing;

namespace Depot.Server.Tests.Fuzz;

/// <summary>What the fuzzed requests aim at: a user with files and a folder, a read link, a drop box and a tus upload.</summary>
internal sealed record FuzzWorld(TestUser User, string Origin, string ReadToken, string DropToken, string UploadPath)
{
    public static async Task<FuzzWorld> CreateAsync(DepotServer server)
    {
        var user = await server.CreateUserAsync();
        await user.Http.PutFileAsync("/a.txt", "hello fuzz");
        await user.Http.MkdirAsync("/d");
        await user.Http.PutFileAsync("/d/b.txt", "inside");
        var read = await user.Http.LinkOkAsync("/a.txt");
        var drop = await user.Http.LinkOkAsync("/d", LinkModes.DropBox);
        using var upload = await Tus.Tus.CreateAsync(user.Http, Tus.Tus.Metadata(("path", "/upload.bin")), 100);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        return new FuzzWorld(user, server.Address.ToString(), TokenOf(read.Url), TokenOf(drop.Url), upload.Headers.Location!.OriginalString);
    }

    private static string TokenOf(string url) => url[(url.IndexOf("/s/", StringComparison.Ordinal) + 3)..];
}
