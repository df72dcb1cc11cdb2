using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;

namespace Depot.Client.Http;

/// <summary>
/// Sends every request of a <see cref="DepotClient"/>: absolute URIs under the server's base address, the bearer
/// token, retries by <see cref="RetryPolicy"/>, and error answers turned into <see cref="DepotApiException"/>.
/// </summary>
internal sealed class ApiConnection(HttpClient http, RetryPolicy retry, TimeProvider time, Func<TimeSpan, CancellationToken, Task> delay)
{
    private readonly Uri _base = WithTrailingSlash(http.BaseAddress
        ?? throw new ArgumentException("The HttpClient needs a BaseAddress: the Depot server.", nameof(http)));

    /// <summary>The bearer token sent with every request; null sends none.</summary>
    public string? AccessToken { get; set; }

    public Uri Resolve(string relative) => new(_base, relative);

    /// <summary>The same wait the retries use (replaced in tests), for callers with retry loops of their own.</summary>
    public Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken) => delay(wait, cancellationToken);

    /// <summary>
    /// Sends a request made fresh by <paramref name="createRequest"/> for each attempt (its argument is the attempt
    /// number, from 1) and returns a success response, which the caller disposes.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        Func<int, HttpRequestMessage> createRequest, RequestKind kind, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            var (response, wait) = await AttemptAsync(createRequest(attempt), attempt, kind, completion, waited, cancellationToken);
            if (response is not null)
            {
                return response;
            }

            await delay(wait, cancellationToken);
            waited += wait;
        }
    }

    /// <summary>One attempt: the success response, or how long to wait before the next; throws when giving up.</summary>
    private async Task<(HttpResponseMessage? Response, TimeSpan Wait)> AttemptAsync(
        HttpRequestMessage request, int attempt, RequestKind kind, HttpCompletionOption completion, TimeSpan waited,
        CancellationToken cancellationToken)
    {
        using var disposeRequest = request;
        if (AccessToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && RetryPolicy.IsTransient(e, kind)
            && retry.NextDelay(attempt, retryAfter: null, waited) is { } backoff)
        {
            return (null, backoff);
        }

        if (response.IsSuccessStatusCode)
        {
            return (response, TimeSpan.Zero);
        }

        var error = await ProblemReader.ReadAsync(response, time.GetUtcNow(), cancellationToken);
        var wait = kind == RequestKind.Idempotent && RetryPolicy.IsRetryableStatus(error.StatusCode)
            ? retry.NextDelay(attempt, error.RetryAfter, waited)
            : null;
        return wait is { } next ? (null, next) : throw error;
    }

    public async Task<T> GetAsync<T>(string uri, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(_ => new HttpRequestMessage(HttpMethod.Get, Resolve(uri)),
            RequestKind.Idempotent, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync(response, type, cancellationToken);
    }

    public async Task<TResponse> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method, string uri, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType,
        RequestKind kind, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(_ => WithJson(method, uri, body, requestType), kind,
            HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync(response, responseType, cancellationToken);
    }

    /// <summary>A request whose success answer has no body worth reading (204).</summary>
    public async Task SendAsync(HttpMethod method, string uri, RequestKind kind, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(_ => new HttpRequestMessage(method, Resolve(uri)), kind,
            HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    public async Task SendJsonAsync<TRequest>(
        HttpMethod method, string uri, TRequest body, JsonTypeInfo<TRequest> requestType, RequestKind kind, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(_ => WithJson(method, uri, body, requestType), kind,
            HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(type, cancellationToken)
        ?? throw new InvalidDataException($"The server answered {(int)response.StatusCode} with an empty body.");

    private HttpRequestMessage WithJson<T>(HttpMethod method, string uri, T body, JsonTypeInfo<T> type) =>
        new(method, Resolve(uri)) { Content = JsonContent.Create(body, type) };

    private static Uri WithTrailingSlash(Uri address) =>
        address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
}
