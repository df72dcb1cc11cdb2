using System.Text.Json;
using Depot.Protocol;

namespace Depot.Client.Http;

/// <summary>Turns an error response into a <see cref="DepotApiException"/>, reading its RFC 9457 problem document.</summary>
internal static class ProblemReader
{
    // Problem documents are a few hundred bytes; anything bigger is not one of ours and is not read further.
    private const int MaxProblemBytes = 64 * 1024;

    public static async Task<DepotApiException> ReadAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using (response)
        {
            var retryAfter = RetryAfter.Parse(response.Headers.RetryAfter, now);
            var problem = await TryReadProblemAsync(response.Content, cancellationToken);
            return new DepotApiException(response.StatusCode, problem?.Code, problem?.Detail ?? problem?.Title ?? response.ReasonPhrase, retryAfter,
                problem?.RequestId);
        }
    }

    public static Problem? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, DepotJsonContext.Default.Problem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<Problem?> TryReadProblemAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var mediaType = content.Headers.ContentType?.MediaType;
        if (mediaType is null || !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxProblemBytes];
        var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return Parse(buffer.AsSpan(0, length));
    }
}
