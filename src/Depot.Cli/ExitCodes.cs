using System.Net;
using Depot.Client;
using Depot.Protocol;

namespace Depot.Cli;

/// <summary>
/// The exit codes of <c>depot</c>, documented in docs/cli.md. Scripts branch on them, so they never change meaning.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Anything not covered below: a local file error, a server error, a corrupt transfer.</summary>
    public const int Error = 1;

    /// <summary>The command line is wrong: unknown verb or option, missing argument, bad size or date.</summary>
    public const int Usage = 2;

    /// <summary>The file, folder, user, version, token or trash item does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>Not logged in, the token expired or was revoked, wrong password, or not allowed (403).</summary>
    public const int Auth = 4;

    /// <summary>It already exists, is of the wrong kind, or changed meanwhile (409, 412, 428).</summary>
    public const int Conflict = 5;

    /// <summary>The quota or the server's storage is full (507, 413).</summary>
    public const int Quota = 6;

    /// <summary>The server could not be reached, the connection broke, or its TLS certificate is not trusted.</summary>
    public const int Network = 7;

    /// <summary>The server is overloaded or throttling us (429, 503) and retries ran out.</summary>
    public const int Throttled = 8;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code for a server error: by its stable code where that is more precise than its status.</summary>
    public static int For(DepotApiException error) => error.Code switch
    {
        ErrorCodes.QuotaExceeded or ErrorCodes.InsufficientStorage or ErrorCodes.PayloadTooLarge => Quota,
        ErrorCodes.DigestMismatch or ErrorCodes.SizeMismatch => Error,
        ErrorCodes.ParentNotFound => NotFound,
        ErrorCodes.TooManyAttempts or ErrorCodes.RateLimited or ErrorCodes.Overloaded or ErrorCodes.ServerBusy => Throttled,
        _ => ForStatus(error.StatusCode),
    };

    public static int ForStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound or HttpStatusCode.Gone => NotFound,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => Auth,
        HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.PreconditionRequired => Conflict,
        HttpStatusCode.InsufficientStorage or HttpStatusCode.RequestEntityTooLarge => Quota,
        HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable => Throttled,
        HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => Network,
        HttpStatusCode.BadRequest or HttpStatusCode.RequestedRangeNotSatisfiable => Usage,
        _ => Error,
    };
}
