using System.Net;
using Depot.Testing;

namespace Depot.Server.Tests.Tus;

/// <summary>
/// A tus creation sent again with the same <c>Idempotency-Key</c> (its first answer was lost, e.g. to a node killed
/// mid-request) gets the upload the first attempt made: one upload, one quota reservation, and the offset it reached.
/// </summary>
public sealed class TusIdempotencyTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task A_repeated_creation_finds_the_first_upload_at_whatever_offset_it_reached_and_reserves_nothing_more()
    {
        // Room for one reservation of 10 bytes, not two: a second upload would be refused.
        using var alice = await server.CreateUserAsync(quotaBytes: 15);
        var metadata = Tus.Metadata(("path", "/once.bin"));
        var url = await CreateAsync(alice.Http, metadata, "\"key-1\"", HttpStatusCode.Created);

        Assert.Equal(url, await CreateAsync(alice.Http, metadata, "\"key-1\"", HttpStatusCode.Created));
        using (var other = await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/other.bin")), 10))
        {
            Assert.NotEqual(HttpStatusCode.Created, other.StatusCode);   // the quota holds exactly one reservation
        }

        using (var patch = await Tus.PatchAsync(alice.Http, url, 0, [1, 2, 3, 4]))
        {
            Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        }

        using (var again = await Tus.CreateAsync(alice.Http, metadata, 10, configure: r => r.Headers.Add("Idempotency-Key", "\"key-1\"")))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            Assert.Equal(url, again.Headers.Location!.OriginalString);
            Assert.Equal(4, Tus.Offset(again));
        }

        using (var last = await Tus.PatchAsync(alice.Http, url, 4, [5, 6, 7, 8, 9, 10]))
        {
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        }

        // Finished and committed: a late repeat still answers with that upload, complete, and the file is there once.
        using (var late = await Tus.CreateAsync(alice.Http, metadata, 10, configure: r => r.Headers.Add("Idempotency-Key", "\"key-1\"")))
        {
            Assert.Equal((HttpStatusCode.Created, url, 10L), (late.StatusCode, late.Headers.Location!.OriginalString, Tus.Offset(late)));
        }

        using var file = await alice.Http.GetAsync("/api/v1/files/once.bin");
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, await file.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_key_sent_with_another_upload_is_422_and_a_malformed_key_is_400()
    {
        using var alice = await server.CreateUserAsync();
        await CreateAsync(alice.Http, Tus.Metadata(("path", "/a.bin")), "\"key-2\"", HttpStatusCode.Created);

        using (var reused = await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/b.bin")), 10, configure: r => r.Headers.Add("Idempotency-Key", "\"key-2\"")))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
            Assert.Contains("idempotency_key_reused", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var bad in new[] { "\"\"", "\"" + new string('k', 256) + "\"" })
        {
            using var malformed = await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/c.bin")), 10,
                configure: r => r.Headers.TryAddWithoutValidation("Idempotency-Key", bad));
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }
    }

    [Fact]
    public async Task Keys_are_per_user_so_one_users_key_never_reaches_anothers_upload()
    {
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        var metadata = Tus.Metadata(("path", "/same.bin"));
        var hers = await CreateAsync(alice.Http, metadata, "\"shared-key\"", HttpStatusCode.Created);
        var his = await CreateAsync(bob.Http, metadata, "\"shared-key\"", HttpStatusCode.Created);

        Assert.NotEqual(hers, his);
    }

    private static async Task<string> CreateAsync(HttpClient http, string metadata, string key, HttpStatusCode expected)
    {
        using var response = await Tus.CreateAsync(http, metadata, 10, configure: r => r.Headers.TryAddWithoutValidation("Idempotency-Key", key));
        Assert.Equal(expected, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }
}
