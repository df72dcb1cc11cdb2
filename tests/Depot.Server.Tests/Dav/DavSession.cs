using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Depot.Testing;

namespace Depot.Server.Tests.Dav;

/// <summary>A WebDAV client for tests: raw methods over HttpClient with HTTP Basic credentials, XML answers parsed.</summary>
internal sealed class DavSession : IDisposable
{
    public static readonly XNamespace D = "DAV:";

    private readonly HttpClient _http;

    public DavSession(DepotServer server, string username, string password)
    {
        _http = server.CreateHttpClient();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
    }

    public static DavSession For(DepotServer server, TestUser user) => new(server, user.Username, user.Password);

    public HttpClient Http => _http;

    public async Task<HttpResponseMessage> SendAsync(string method, string path, string? body = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/xml");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PutAsync(string path, string content, params (string Name, string Value)[] headers) =>
        SendWithContentAsync("PUT", path, new StringContent(content), headers);

    public async Task<HttpResponseMessage> SendWithContentAsync(string method, string path, HttpContent content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _http.SendAsync(request);
    }

    /// <summary>PROPFIND and the parsed multistatus (asserting 207).</summary>
    public async Task<XDocument> PropfindAsync(string path, string depth, string? body = null)
    {
        using var response = await SendAsync("PROPFIND", path, body, ("Depth", depth));
        Assert.Equal(207, (int)response.StatusCode);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Locks <paramref name="path"/> and returns the token.</summary>
    public async Task<string> LockAsync(string path, string scope = "exclusive", string depth = "infinity", int expected = 200)
    {
        using var response = await SendAsync("LOCK", path, LockBody(scope), ("Depth", depth), ("Timeout", "Second-600"));
        Assert.Equal(expected, (int)response.StatusCode);
        return response.Headers.GetValues("Lock-Token").Single().Trim('<', '>');
    }

    public static string LockBody(string scope) =>
        $"<?xml version=\"1.0\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:{scope}/></D:lockscope>" +
        "<D:locktype><D:write/></D:locktype><D:owner><D:href>mailto:test@example.com</D:href></D:owner></D:lockinfo>";

    public static IEnumerable<XElement> Responses(XDocument multistatus) => multistatus.Root!.Elements(D + "response");

    public static string? Prop(XElement response, XName name) =>
        response.Elements(D + "propstat").Where(p => p.Element(D + "status")!.Value.Contains(" 200 "))
            .Select(p => p.Element(D + "prop")!.Element(name)).FirstOrDefault(e => e is not null)?.Value;

    public void Dispose() => _http.Dispose();
}
