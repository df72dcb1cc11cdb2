using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Depot.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// Issue 12, "a session that follows docs/scale-out.md from an existing single-node installation ends with three nodes
/// serving the same files": the document's steps, in its order, with its commands. A single node on the embedded default
/// (SQLite, the data folder's blobs/) gets files over REST and WebDAV, versions, a share (mounted by its recipient) and a
/// link; it is stopped with SIGTERM (systemctl stop); an owner role and its empty database are made (createuser,
/// createdb -O); <c>migrate-metadata</c> and <c>migrate-blobs</c> run as the document writes them (connection string
/// and S3 keys in the environment); the first node starts on the old data folder with the settings of the document's
/// <c>depot.env</c> as environment variables; its local blobs/ is deleted once checked (so from then on every byte comes
/// from the bucket); deploy/haproxy.cfg itself fronts it (TLS with a throwaway certificate) with only its first
/// <c>server</c> line; two nodes on empty data folders join and HAProxy is reloaded. Then every file's SHA-256, the
/// versions, the share and the link are checked on each node directly and through HAProxy, and HAProxy's statistics
/// must show all three nodes answering.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class ScaleOutWalkthroughTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Following_scale_out_md_from_one_sqlite_node_ends_with_three_nodes_serving_the_same_files()
    {
        var clock = Stopwatch.StartNew();
        // An existing installation: the embedded defaults, whatever the suite's DEPOT_TEST_* switches say.
        await using var single = new DepotProcess(output, extraArguments:
            ["--Depot:Metadata:Provider=sqlite", "--Depot:Storage:Provider=local", "--Depot:Shutdown:DrainDelay=00:00:00"]);
        await single.StartAsync();
        var content = await Content.CreateAsync(single);
        Assert.Equal(0, await single.TerminateAsync(TimeSpan.FromSeconds(30))); // sudo systemctl stop depot

        // "What you need": an owner role and an empty database it owns (createuser --pwprompt depot; createdb -O depot depot).
        var connectionString = CreateOwnedDatabase();
        var bucket = S3Server.Shared.CreateBucket("scaleout");

        // 1. migrate-metadata, the connection string in DEPOT_METADATA_CONNECTION_STRING.
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["DEPOT_METADATA_CONNECTION_STRING"] = connectionString };
        var moved = await RunAsync(["migrate-metadata", "--from", "sqlite", "--to", "postgres", "--data", single.DataPath], metadata);
        Assert.True(moved.ExitCode == 0, moved.Output);

        // 2. migrate-blobs, the S3 keys in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the blob list from the new database.
        var blobs = new Dictionary<string, string>(metadata, StringComparer.Ordinal)
        {
            ["AWS_ACCESS_KEY_ID"] = S3Server.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = S3Server.SecretKey,
        };
        var copied = await RunAsync(["migrate-blobs", "--to", "s3", "--data", single.DataPath, "--Depot:Metadata:Provider=postgres",
            $"--Depot:Storage:S3:ServiceUrl={S3Server.Shared.ServiceUrl}", $"--Depot:Storage:S3:Bucket={bucket}"], blobs);
        Assert.True(copied.ExitCode == 0, copied.Output);
        Assert.Contains("Every one of the", copied.StandardOutput);

        // 3. The first node, on the old data folder, with depot.env; then blobs/ goes, as the document says once checked.
        var env = DepotEnv(connectionString, bucket);
        int[] ports = [FreePort(), FreePort(), FreePort()];
        await using var node1 = Node(single.DataPath, ports[0], env);
        await node1.StartAsync();
        await AssertReadyAsync(node1.Address);
        await content.AssertServedAsync(node1.Address, "node1 (before blobs/ is deleted)", createClient: null);
        Directory.Delete(Path.Combine(single.DataPath, "blobs"), recursive: true);

        // 4. HAProxy from deploy/haproxy.cfg with only the first server line.
        await using var haproxy = await ShippedHaproxy.StartAsync(Path.Combine(Repository.Root, "deploy", "haproxy.cfg"), [ports[0], null, null], output);
        await content.AssertServedAsync(haproxy.Address, "HAProxy with node1", haproxy.CreateClient);

        // 5. Two more nodes: the same program and depot.env but their address, each an empty data folder of its own.
        await using var node2 = Node(null, ports[1], env);
        await using var node3 = Node(null, ports[2], env);
        await Task.WhenAll(node2.StartAsync(), node3.StartAsync());
        await AssertReadyAsync(node2.Address);
        await AssertReadyAsync(node3.Address);
        await haproxy.ReloadAsync([ports[0], ports[1], ports[2]]);

        // Every node serves the same files, directly and through HAProxy, and HAProxy sends work to all three.
        foreach (var (node, name) in new[] { (node1, "node1"), (node2, "node2"), (node3, "node3") })
        {
            await content.AssertServedAsync(node.Address, name, createClient: null);
        }

        var before = await haproxy.Answers2xxAsync();
        for (var round = 0; round < 3; round++)
        {
            await content.AssertServedAsync(haproxy.Address, $"HAProxy, round {round + 1}", haproxy.CreateClient);
        }

        var after = await haproxy.Answers2xxAsync();
        foreach (var name in new[] { "node1", "node2", "node3" })
        {
            Assert.True(after[name] > before[name], $"HAProxy sent no request to {name}: {string.Join(", ", after)}");
        }

        using (var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = haproxy.PlainAddress })
        using (var redirected = await plain.GetAsync("/api/v1/me"))
        {
            Assert.Equal(HttpStatusCode.MovedPermanently, redirected.StatusCode);
            Assert.Equal(Uri.UriSchemeHttps, redirected.Headers.Location?.Scheme);
        }

        output.WriteLine($"walkthrough: {clock.Elapsed.TotalSeconds:0.0} s; HAProxy 2xx answers per node: {string.Join(", ", after)}");
    }

    /// <summary>
    /// The document's <c>/etc/depot/depot.env</c> for a node, as environment variables (systemd's EnvironmentFile).
    /// HAProxy runs on the same loopback address, so it is the trusted proxy.
    /// </summary>
    private static Dictionary<string, string> DepotEnv(string connectionString, string bucket) => new(StringComparer.Ordinal)
    {
        ["Depot__Proxy__TrustedProxies__0"] = "127.0.0.1",
        ["Depot__Metadata__Provider"] = "postgres",
        ["Depot__Metadata__ConnectionString"] = connectionString,
        ["Depot__Storage__Provider"] = "s3",
        ["Depot__Storage__S3__ServiceUrl"] = S3Server.Shared.ServiceUrl,
        ["Depot__Storage__S3__Bucket"] = bucket,
        ["Depot__Storage__S3__AccessKey"] = S3Server.AccessKey,
        ["Depot__Storage__S3__SecretKey"] = S3Server.SecretKey,
    };

    private DepotProcess Node(string? dataPath, int port, Dictionary<string, string> env)
    {
        // ASPNETCORE_URLS of depot.env: DepotProcess listens where --urls says (the command line wins), so the port goes there.
        List<string> arguments = [$"--urls=http://127.0.0.1:{port}"];
        if (TestMetadata.UsePostgres || TestStorage.UseS3)
        {
            // The suite's switches add command-line settings, which beat the environment: pin the document's again.
            arguments.AddRange(env.Select(e => $"--{e.Key.Replace("__", ":", StringComparison.Ordinal)}={e.Value}"));
        }

        var node = new DepotProcess(output, dataPath, arguments);
        foreach (var (name, value) in env)
        {
            node.Environment[name] = value;
        }

        return node;
    }

    private static string CreateOwnedDatabase()
    {
        var name = $"depot_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(PostgresServer.Shared.ConnectionString("postgres") + ";Pooling=false"))
        {
            connection.Open();
            using var role = new NpgsqlCommand($"CREATE ROLE {name} LOGIN PASSWORD 'walkthrough-db-pass'", connection);
            role.ExecuteNonQuery();
            using var database = new NpgsqlCommand($"CREATE DATABASE {name} OWNER {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", connection);
            database.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(PostgresServer.Shared.ConnectionString(name)) { Username = name, Password = "walkthrough-db-pass" }.ConnectionString;
    }

    private async Task<ServerCommand.Outcome> RunAsync(string[] arguments, Dictionary<string, string> environment)
    {
        var start = ServerExecutable.StartInfo(arguments);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"depot-server {arguments[0]} did not end within 60 s: {await stdout}{await stderr}");
        }

        var outcome = new ServerCommand.Outcome(process.ExitCode, await stdout, await stderr);
        output.WriteLine($"$ depot-server {string.Join(' ', arguments)}\n{outcome.Output}");
        return outcome;
    }

    private static async Task AssertReadyAsync(Uri node)
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(10) };
        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }


    /// <summary>What the single node held before the move, and how to check that a server still serves all of it.</summary>
    private sealed class Content
    {
        private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
        private readonly List<byte[]> _versions = [];
        private TestUser _alice = null!;
        private TestUser _bob = null!;
        private string _link = "";

        public static async Task<Content> CreateAsync(DepotProcess node)
        {
            var content = new Content { _alice = await node.CreateUserAsync(), _bob = await node.CreateUserAsync() };
            var http = content._alice.Http;
            // REST: a file larger than one S3 part (8 MiB) so migrate-blobs and the nodes go multipart; a small one.
            content._files["docs/large.bin"] = RandomNumberGenerator.GetBytes(9 * 1024 * 1024 + 17);
            content._files["docs/small.bin"] = RandomNumberGenerator.GetBytes(4096);
            foreach (var (path, bytes) in content._files)
            {
                using var put = await http.UploadAsync(path, FilesApi.Bytes(bytes));
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            }

            // Three versions of one file.
            foreach (var text in (string[])["first draft", "second draft", "final"])
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                content._versions.Add(bytes);
                using var put = await http.UploadAsync("notes.txt", FilesApi.Bytes(bytes));
                Assert.True(put.IsSuccessStatusCode, $"PUT notes.txt: {(int)put.StatusCode}");
            }

            content._files["notes.txt"] = content._versions[^1];

            // WebDAV, HTTP Basic with the account password (allowed from loopback).
            using var dav = new HttpClient { BaseAddress = node.Address };
            dav.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{content._alice.Username}:{content._alice.Password}")));
            using (var mkcol = await dav.SendAsync(new HttpRequestMessage(new HttpMethod("MKCOL"), "/dav/shared/")))
            {
                Assert.Equal(HttpStatusCode.Created, mkcol.StatusCode);
            }

            content._files["shared/dav.bin"] = RandomNumberGenerator.GetBytes(70_000);
            using (var put = await dav.PutAsync("/dav/shared/dav.bin", new ByteArrayContent(content._files["shared/dav.bin"])))
            {
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            }

            // A share of the folder, mounted by its recipient, and a read link to a file.
            using var share = await http.PostAsJsonAsync("/api/v1/shares", new { path = "shared", user = content._bob.Username, role = "viewer" });
            Assert.Equal(HttpStatusCode.Created, share.StatusCode);
            var nodeId = (await share.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nodeId").GetString();
            using var mount = await content._bob.Http.PostAsJsonAsync("/api/v1/mounts", new { nodeId, path = "from-alice" });
            Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
            using var link = await http.PostAsJsonAsync("/api/v1/links", new { path = "docs/small.bin", mode = "read" });
            Assert.Equal(HttpStatusCode.Created, link.StatusCode);
            content._link = (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            return content;
        }

        /// <summary>
        /// Every file by SHA-256 (REST, and WebDAV for the WebDAV file), the three versions, the share through the
        /// recipient's mount, and the link anonymously; all with the tokens issued before the move.
        /// </summary>
        public async Task AssertServedAsync(Uri address, string where, Func<HttpClient>? createClient)
        {
            HttpClient Client(string? bearer, string? basic = null)
            {
                var client = createClient?.Invoke() ?? new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
                client.DefaultRequestHeaders.Authorization = bearer is not null ? new AuthenticationHeaderValue("Bearer", bearer)
                    : basic is not null ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic))) : null;
                return client;
            }

            using var alice = Client(_alice.Token);
            foreach (var (path, bytes) in _files)
            {
                var read = await alice.DownloadAsync(path);
                Assert.True(read.Status == HttpStatusCode.OK && read.Sha256 == Sha256(bytes),
                    $"{where}: {path} answered {(int)read.Status} with SHA-256 {read.Sha256}, expected {Sha256(bytes)}");
            }

            var versions = await alice.VersionsAsync("notes.txt");
            Assert.Equal(_versions.Select(Sha256).Reverse(), versions.Select(v => v.Sha256));
            Assert.Equal(_versions[0], await alice.GetByteArrayAsync($"/api/v1/files/notes.txt?version={versions[^1].Id}"));

            using var davClient = Client(null, $"{_alice.Username}:{_alice.Password}");
            Assert.Equal(Sha256(_files["shared/dav.bin"]), Sha256(await davClient.GetByteArrayAsync("/dav/shared/dav.bin")));

            using var bob = Client(_bob.Token);
            var mounted = await bob.DownloadAsync("from-alice/dav.bin");
            Assert.True(mounted.Sha256 == Sha256(_files["shared/dav.bin"]), $"{where}: bob's mount answered {(int)mounted.Status}");

            using var anonymous = Client(null);
            Assert.Equal(Sha256(_files["docs/small.bin"]), Sha256(await anonymous.GetByteArrayAsync($"/s/{_link}")));
        }

        private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
