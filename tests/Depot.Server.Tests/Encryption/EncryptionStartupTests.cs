using System.Net;
using Depot.Core.Storage.Encryption;
using Depot.Server.Tests.Hosting;
using Depot.Testing;

namespace Depot.Server.Tests.Encryption;

/// <summary>
/// What stops an encrypted server from starting, each with a sentence naming the fix: no key, a key file inside the data
/// folder, a key that does not open the stored content, a store that holds unencrypted content; and rotate-key, after
/// which only the new key starts the server.
/// </summary>
public sealed class EncryptionStartupTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-encryption-");
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("depot-keys-");

    [Fact]
    public async Task Without_a_key_the_server_refuses_to_start()
    {
        var error = await RefusedAsync("--Depot:Encryption:Enabled=true",
            "--Depot:Encryption:KeyEnvironmentVariable=DEPOT_TEST_NO_SUCH_KEY");
        Assert.Contains("DEPOT_TEST_NO_SUCH_KEY", error.Message);
        Assert.Contains("Depot:Encryption:KeyFile", error.Message);
    }

    [Fact]
    public async Task A_key_file_inside_the_data_folder_is_refused()
    {
        var inside = Path.Combine(_data.FullName, "depot.key");
        await File.WriteAllTextAsync(inside, MasterKey.Generate().ToBase64());
        var error = await RefusedAsync("--Depot:Encryption:Enabled=true", $"--Depot:Encryption:KeyFile={inside}");
        Assert.Contains("inside the data folder", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_a_key_is_refused()
    {
        var file = Path.Combine(_keys.FullName, "short.key");
        await File.WriteAllTextAsync(file, "too short");
        var error = await RefusedAsync("--Depot:Encryption:Enabled=true", $"--Depot:Encryption:KeyFile={file}");
        Assert.Contains("is not an encryption key", error.Message);
    }

    [Fact]
    public async Task Encryption_is_refused_over_a_store_that_holds_unencrypted_content()
    {
        await using (var plain = await StandaloneServer.StartAsync(_data.FullName, "--urls=http://127.0.0.1:0", "--Depot:Storage:InlineMaxBytes=0"))
        {
            await PutAsync(plain, "plain.txt", "plain content, stored before encryption was on");
        }

        var error = await RefusedAsync(KeyArguments(NewKeyFile("a.key")));
        Assert.Contains("the blob store holds unencrypted content", error.Message);
    }

    [Fact]
    public async Task Encryption_is_refused_over_small_files_kept_in_the_metadata_store()
    {
        await using (var plain = await StandaloneServer.StartAsync(_data.FullName, "--urls=http://127.0.0.1:0"))
        {
            await PutAsync(plain, "small.txt", "a small file, kept in the metadata store before encryption was on");
        }

        var error = await RefusedAsync(KeyArguments(NewKeyFile("a.key")));
        Assert.Contains("the metadata store holds unencrypted content", error.Message);
    }

    [Fact]
    public async Task The_wrong_key_refuses_to_start_and_after_rotate_key_only_the_new_key_opens()
    {
        var oldKey = NewKeyFile("old.key");
        var unfinished = System.Security.Cryptography.RandomNumberGenerator.GetBytes(300_000);
        string uploadUrl, username, password;
        await using (var server = await StartAsync(KeyArguments(oldKey)))
        {
            await PutAsync(server, "kept.txt", "kept across a rotation");
            // A tus upload left half done: its sealed part is rotated with the blobs, so it completes under the new key.
            using var user = await new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "tus").CreateUserAsync();
            (username, password) = (user.Username, user.Password);
            uploadUrl = await Tus.Tus.CreatedUrlAsync(user.Http, "/unfinished.bin", unfinished.Length);
            using var first = await Tus.Tus.PatchAsync(user.Http, uploadUrl, 0, unfinished[..100_000]);
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        // The executable itself: exit code 1 and the sentence, no stack trace.
        var wrong = await ServerCommand.RunAsync(["--urls=http://127.0.0.1:0", $"--Depot:DataPath={_data.FullName}", .. KeyArguments(NewKeyFile("wrong.key"))]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("does not open the stored content", wrong.StandardError);
        Assert.DoesNotContain("   at ", wrong.Output);

        var newKey = NewKeyFile("new.key");
        var rotated = await ServerCommand.RunAsync(["rotate-key", "--new-key-file", newKey, $"--Depot:DataPath={_data.FullName}", .. KeyArguments(oldKey)]);
        Assert.True(rotated.ExitCode == 0, rotated.Output);
        Assert.Contains("re-wrapped: 1", rotated.StandardOutput);
        Assert.Contains("Unfinished uploads: 1; their parts re-wrapped: 1", rotated.StandardOutput);

        var stale = await RefusedAsync(KeyArguments(oldKey));
        Assert.Contains("does not open the stored content", stale.Message);
        await using (var server = await StartAsync(KeyArguments(newKey)))
        {
            using var http = await new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "user").CreateAdminHttpClientAsync();
            Assert.Equal("kept across a rotation", await http.GetStringAsync("/api/v1/files/kept.txt"));
            var accounts = new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "tus");
            using var owner = accounts.CreateHttpClient(await accounts.SignInAsync(username, password));
            using var last = await Tus.Tus.PatchAsync(owner, uploadUrl, 100_000, unfinished[100_000..]);
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
            Assert.Equal(unfinished, await owner.GetByteArrayAsync("/api/v1/files/unfinished.bin"));
        }
    }

    public void Dispose()
    {
        _data.Delete(recursive: true);
        _keys.Delete(recursive: true);
    }

    private static string[] KeyArguments(string keyFile) => ["--Depot:Encryption:Enabled=true", $"--Depot:Encryption:KeyFile={keyFile}"];

    private string NewKeyFile(string name)
    {
        var path = Path.Combine(_keys.FullName, name);
        File.WriteAllText(path, MasterKey.Generate().ToBase64());
        return path;
    }

    /// <summary>The exception a start with <paramref name="arguments"/> fails with; the app is disposed, so the data-folder lock is let go.</summary>
    private async Task<Exception> RefusedAsync(params string[] arguments)
    {
        var app = StandaloneServer.Build(_data.FullName, ["--urls=http://127.0.0.1:0", .. arguments]);
        try
        {
            return await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        }
        finally
        {
            try
            {
                // Lets StartupPreflight release the data-folder lock, as the process's exit would.
                await app.StopAsync();
            }
            catch (ArgumentNullException)
            {
                // The hosted services were never created (a refusal while resolving them): nothing to stop.
            }

            await app.DisposeAsync();
        }
    }

    private Task<StandaloneServer> StartAsync(params string[] arguments) =>
        StandaloneServer.StartAsync(_data.FullName, ["--urls=http://127.0.0.1:0", .. arguments]);

    private static async Task PutAsync(StandaloneServer server, string name, string text)
    {
        using var http = await new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "user").CreateAdminHttpClientAsync();
        using var put = await http.PutAsync($"/api/v1/files/{name}", new StringContent(text));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }
}
