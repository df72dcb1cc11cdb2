namespace Depot.Cli.Tests.Client;

/// <summary>An HTTP handler that answers from a script and records what was sent (method, URI, body bytes).</summary>
internal sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) : HttpMessageHandler
{
    public List<(HttpMethod Method, Uri Uri, byte[] Body, HttpRequestMessage Request)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!, body, request));
        var answer = answers[Math.Min(Requests.Count - 1, answers.Length - 1)];
        return answer(request);
    }
}
