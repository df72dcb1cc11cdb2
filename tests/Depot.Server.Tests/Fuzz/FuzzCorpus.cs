using System.Text;

namespace Depot.Server.Tests.Fuzz;

/// <summary>
/// Generates requests over every route and method from one seeded <see cref="Random"/>: same seed, same requests.
/// The pieces are what clients and attackers send: real paths and broken encodings, every header Depot reads with
/// valid and invalid values, and bodies that are random, truncated or almost right.
/// </summary>
internal sealed class FuzzCorpus(Random random, FuzzWorld world)
{
    private static readonly string[] Methods =
    [
        "GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK",
        "TRACE", "FOO", "get",
    ];

    private static readonly string[] Names =
    [
        "a.txt", "d", "d/b.txt", "d/", "new.bin", "nope/x", "%2e%2e", "..", ".", "%2F", "a%2Fb", "%ff", "%c3%28", "%e2%82", "%", "%zz",
        "caf%C3%A9", "caf%65%CC%81", "%20", "%09", "+", "x%00y", "%ef%bf%bf", "CON", "a:b", "a*b?", "~", "%252e", "\u00e9", "日本",
        new string('n', 300), string.Join('/', Enumerable.Repeat("d", 140)), "a.txt/", "//a.txt", "a.txt;v=1", "d/%2e%2e/a.txt",
    ];

    private static readonly string[] Queries =
    [
        "", "", "", "?parents=true", "?parents=maybe", "?version=xyz", "?version=", "?disposition=inline", "?form", "?name=dropped.txt",
        "?name=", "?name=..", "?q=a", "?q=", "?cursor=%%%", "?cursor=AAAA", "?limit=-1", "?limit=99999999999", "?order=size&limit=2",
        "?since=yesterday", "?x=" + new string('q', 2000),
    ];

    private static readonly string[] Ranges =
    [
        "bytes=0-5", "bytes=-1", "bytes=9999-", "bytes=5-1", "bytes=0-0,2-3", "items=0-1", "bytes=", "bytes=a-b", "bytes=-0",
        "bytes=0-" + long.MaxValue, "bytes=18446744073709551616-",
    ];

    private static readonly string[] ContentRanges = ["bytes 0-4/10", "bytes */10", "bytes 5-1/10", "items 0-1/2", "garbage", "bytes 0-4/*"];

    private static readonly string[] Depths = ["0", "1", "infinity", "2", "-1", "", "Infinity", "1,0"];

    private static readonly string[] Ifs =
    [
        "(<urn:uuid:00000000-0000-0000-0000-000000000000>)", "(Not <DAV:no-lock>)", "<http://x/dav/a.txt> ([\"etag\"])", "(", ")", "<>",
        "(<opaquelocktoken:x>) (Not <DAV:no-lock>)", "([W/\"x\"])", "<dav/a.txt> (<a>)",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/xml", "text/plain", "application/offset+octet-stream", "multipart/form-data",
        "multipart/form-data; boundary=", "multipart/form-data; boundary=b", "multipart/form-data; boundary=\"" + new string('b', 80) + "\"",
        "multipart/form-data; boundary=\"unterminated", "multipart/mixed; boundary=x", "application/x-www-form-urlencoded", ";;;", "*/*",
    ];

    public FuzzRequest Next()
    {
        var target = Target();
        // Mostly a method the route knows, so requests get past routing into the handlers; sometimes any method.
        var method = random.Next(6) == 0 ? Pick(Methods) : Pick(MethodsFor(target));
        var headers = new List<(string, string)>();
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            headers.Add(Header(target));
        }

        var (body, contentType) = Body(method);
        var raw = random.Next(20) == 0 ? (RawFraming)random.Next(1, 5) : RawFraming.None;
        return new FuzzRequest(method, target, Auth(), headers, body, contentType, raw);
    }

    private static string[] MethodsFor(string target) => target switch
    {
        _ when target.StartsWith("/dav", StringComparison.Ordinal) =>
            ["PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "PUT", "GET", "DELETE", "OPTIONS", "HEAD"],
        _ when target.StartsWith("/api/v1/uploads", StringComparison.Ordinal) => ["POST", "PATCH", "HEAD", "DELETE", "OPTIONS"],
        _ when target.StartsWith("/api/v1/files", StringComparison.Ordinal) => ["GET", "HEAD", "PUT", "PUT", "DELETE"],
        _ when target.StartsWith("/s/", StringComparison.Ordinal) => ["GET", "HEAD", "POST", "POST", "PUT"],
        _ when target.StartsWith("/api/", StringComparison.Ordinal) => ["GET", "POST", "PUT", "PATCH", "DELETE"],
        _ => ["GET", "HEAD", "POST"],
    };

    private string Target()
    {
        var name = Pick(Names);
        return random.Next(24) switch
        {
            0 or 1 or 2 => "/api/v1/files/" + name + Pick(Queries),
            3 => "/api/v1/nodes/" + name + Pick(Queries),
            4 => "/api/v1/folders/" + name + Pick(Queries),
            5 => "/api/v1/versions/" + name + Pick(Queries),
            6 => "/api/v1/archives/" + name,
            7 => Pick(["/api/v1/trash", "/api/v1/trash/" + name, "/api/v1/moves", "/api/v1/copies", "/api/v1/archives", "/api/v1/search" + Pick(Queries)]),
            8 => Pick(["/api/v1/me", "/api/v1/me/tokens", "/api/v1/me/password", "/api/v1/me/groups", "/api/v1/me/app-passwords", "/api/v1/audit" + Pick(Queries)]),
            9 => Pick(["/api/v1/users", "/api/v1/users/" + name, "/api/v1/groups", "/api/v1/groups/" + name + "/members", "/api/v1/shares", "/api/v1/shares/x"]),
            10 => Pick(["/api/v1/links", "/api/v1/links/" + name, "/api/v1/links/unlock", "/api/v1/auth/token", "/api/v1/auth/session"]),
            11 or 12 => Pick(["/api/v1/uploads", world.UploadPath, world.UploadPath + "x", "/api/v1/uploads/" + name]),
            13 or 14 or 15 or 16 => "/dav/" + name,
            17 => "/s/" + world.ReadToken + Pick(["", "/", "/" + name]) + Pick(Queries),
            18 or 19 => "/s/" + world.DropToken + Pick(["", "", "/" + name]) + Pick(Queries),
            20 => "/s/" + Pick(["dpl_x", "", name, world.ReadToken + "x"]),
            21 => Pick(["/healthz", "/readyz", "/metrics", "/openapi/v1.json"]),
            22 => Pick(["/", "/index.html", "/files/" + name, "/assets/x.js", "/shared", "/favicon.ico", "/s/" + world.ReadToken + "?form"]),
            _ => Pick(["/api/v1/", "/api/v2/files/a.txt", "/dav", "/DAV/a.txt", "/api/v1/files", "/%2e%2e/etc/passwd", "/api/v1/files/%2e%2e/%2e%2e"]),
        };
    }

    private (string, string) Header(string target) => random.Next(17) switch
    {
        0 => ("Range", Pick(Ranges)),
        1 => ("Content-Range", Pick(ContentRanges)),
        2 => ("If", Pick(Ifs)),
        3 => ("Depth", Pick(Depths)),
        4 => ("Destination", Pick([$"{world.Origin}dav/moved-{random.Next(100)}.txt", $"{world.Origin}dav/d/", "/dav/x", "http://elsewhere.example/dav/x",
            $"{world.Origin}api/v1/files/x", $"{world.Origin}dav/%ff", "not a uri", $"{world.Origin}dav/..", ""])),
        5 => ("Overwrite", Pick(["T", "F", "X", ""])),
        6 => ("Upload-Offset", Pick(["0", "5", "-1", "abc", "99999999999999999999"])),
        7 => ("Upload-Length", Pick(["0", "10", "-5", "x", "9223372036854775807"])),
        8 => ("Tus-Resumable", Pick(["1.0.0", "0.2", ""])),
        9 => ("Upload-Metadata", Pick(["path " + B64("/t.bin"), "path", "path !!!", "path " + B64("/../x"), "filename " + B64("x"), ",,,"])),
        10 => ("If-Match", Pick(["*", "\"x\"", "W/\"x\"", "garbage"])),
        11 => ("If-None-Match", Pick(["*", "\"x\"", ","])),
        12 => ("Timeout", Pick(["Second-10", "Infinite", "Second-99999999999", "x"])),
        13 => ("Lock-Token", Pick(["<urn:uuid:x>", "x", "<>"])),
        14 => ("X-OC-Mtime", Pick(["0", "-1", "99999999999999", "x"])),
        15 => (Pick(["Content-Digest", "Repr-Digest", "Upload-Checksum"]), Pick(["sha-256=:AAAA:", "sha-256=x", "sha1 AAAA", "md5 !!"])),
        _ => ("Upload-Defer-Length", Pick(["1", "0", "x"])),
    };

    private (byte[]? Body, string? ContentType) Body(string method)
    {
        if (random.Next(3) == 0 && method is "GET" or "HEAD" or "DELETE" or "OPTIONS")
        {
            return (null, null);
        }

        return random.Next(9) switch
        {
            0 => (null, null),
            1 => (Bytes(random.Next(0, 4096)), random.Next(2) == 0 ? null : Pick(ContentTypes)),
            2 => (Truncated(Pick(Xml)), "application/xml"),
            3 => (Encoding.UTF8.GetBytes(Pick(Xml)), "application/xml"),
            4 => (Truncated(Pick(Json)), "application/json"),
            5 => (Encoding.UTF8.GetBytes(Pick(Json)), "application/json"),
            6 => (Multipart(), Pick(["multipart/form-data; boundary=b", "multipart/form-data; boundary=zz", "multipart/form-data"])),
            7 => (Encoding.UTF8.GetBytes("hello"), "application/offset+octet-stream"),
            _ => (Bytes(random.Next(0, 64)), "text/plain"),
        };
    }

    private static readonly string[] Xml =
    [
        "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>",
        "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/><D:lockdiscovery/><Z:x xmlns:Z=\"urn:z\"/></D:prop></D:propfind>",
        "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><Z:x xmlns:Z=\"urn:z\">v</Z:x></D:prop></D:set><D:remove><D:prop><Z:y xmlns:Z=\"urn:z\"/></D:prop></D:remove></D:propertyupdate>",
        "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><D:getlastmodified>Mon, 01 Jan 2024 00:00:00 GMT</D:getlastmodified></D:prop></D:set></D:propertyupdate>",
        "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>me</D:owner></D:lockinfo>",
        "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>",
        "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><Z:x xmlns:Z=\"urn:z\">" + string.Concat(Enumerable.Repeat("<Z:n>", 2000)) + "</Z:x></D:prop></D:set></D:propertyupdate>",
        "<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>", "<x xmlns:D=\"DAV:\"><D:prop/></x>", "<?xml version=\"1.0\" encoding=\"utf-16\"?><x/>",
    ];

    private static readonly string[] Json =
    [
        "{\"from\":\"/a.txt\",\"to\":\"/moved.txt\"}", "{\"from\":\"/d\",\"to\":\"/d/inside\"}", "{\"from\":\"/a.txt\",\"to\":\"/../x\"}",
        "{\"path\":\"/a.txt\",\"mode\":\"read\"}", "{\"path\":\"/d\",\"mode\":\"dropbox\",\"expiresAt\":\"not a date\"}",
        "{\"username\":\"admin\",\"password\":\"\"}", "{\"paths\":[\"/a.txt\",\"/d\",\"/nope\"]}", "{\"name\":\"\"}", "[]", "null", "{",
        "{\"from\":null}", "{\"maxDownloads\":-1,\"path\":\"/a.txt\"}", "\"\\ud800\"", "{\"quotaBytes\":-5}", "{\"a\":" + new string('[', 500) + "}",
    ];

    private byte[] Multipart()
    {
        var parts = random.Next(6) switch
        {
            0 => "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"up.txt\"\r\n\r\nhello\r\n--b--\r\n",
            1 => "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"up.txt\"\r\n\r\nhalf",
            2 => "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"..\"\r\n\r\nx\r\n--b--\r\n",
            3 => "--b\r\n" + new string('H', 20_000) + "\r\n\r\nx\r\n--b--\r\n",
            4 => "--zz\r\nContent-Disposition: form-data; filename*=UTF-8''%ff%fe\r\n\r\nx\r\n--zz--",
            _ => "garbage without any boundary",
        };
        return Encoding.UTF8.GetBytes(parts);
    }

    private FuzzAuth Auth() => random.Next(20) switch
    {
        < 7 => FuzzAuth.Bearer,
        < 13 => FuzzAuth.Basic,
        < 19 => FuzzAuth.Anonymous,
        _ => random.Next(2) == 0 ? FuzzAuth.BadBearer : FuzzAuth.BadBasic,
    };

    private byte[] Truncated(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes[..random.Next(0, bytes.Length)];
    }

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private string Pick(string[] items) => items[random.Next(items.Length)];

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
