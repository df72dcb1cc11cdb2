using System.Net;

namespace Depot.Client;

/// <summary>
/// The server answered with an error. <see cref="Code"/> is the stable code from the problem document
/// (one of <c>Depot.Protocol.ErrorCodes</c>); branch on it, not on <see cref="Exception.Message"/>.
/// </summary>
public sealed class DepotApiException : Exception
{
    public DepotApiException(HttpStatusCode statusCode, string? code, string? detail, TimeSpan? retryAfter, string? requestId = null)
        : base(Describe(statusCode, code, detail))
    {
        StatusCode = statusCode;
        Code = code;
        Detail = detail;
        RetryAfter = retryAfter;
        RequestId = requestId;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem document's <c>code</c>; null when the answer carried no problem document (e.g. a proxy's 502).</summary>
    public string? Code { get; }

    public string? Detail { get; }

    /// <summary>The server's id for the failed request, to find it in the server's log; quote it in bug reports.</summary>
    public string? RequestId { get; }

    /// <summary>How long the server asked us to wait (429/503), when it said so.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(HttpStatusCode statusCode, string? code, string? detail)
    {
        var status = $"HTTP {(int)statusCode}";
        var what = detail ?? code ?? statusCode.ToString();
        return code is null ? $"{what} ({status})" : $"{what} ({code}, {status})";
    }
}
