using System.Globalization;
using Depot.Core;
using Depot.Protocol;

namespace Depot.Server.Api;

/// <summary>
/// The modified time a client keeps for a file: <c>X-OC-Mtime</c>, Unix seconds as ownCloud/Nextcloud clients and
/// rclone send them, on every upload path (REST PUT, WebDAV PUT, tus creation); an upload that used it answers
/// <c>X-OC-Mtime: accepted</c>. The same form is what PROPPATCH of ownCloud's <c>DAV:lastmodified</c> carries.
/// </summary>
internal static class ClientMtime
{
    public const string Header = "X-OC-Mtime";
    public const string Accepted = "accepted";

    // 9999-12-31T23:59:59Z: the last instant an HTTP-date (getlastmodified, Last-Modified) can carry.
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>The header's time in Unix ms; null when absent; <c>invalid_mtime</c> when it is not one.</summary>
    public static Result<long?> FromHeader(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return Result<long?>.Ok(null);
        }

        return values.Count == 1 && Seconds(values[0]) is { } at ? at : Invalid(values.ToString());
    }

    /// <summary>
    /// Unix seconds ("1700000000", fractions allowed as Nextcloud does: "1700000000.5") to Unix ms; null when
    /// <paramref name="value"/> is anything else, negative, or past 9999.
    /// </summary>
    public static long? Seconds(string? value) =>
        decimal.TryParse(value?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= 0 and <= MaxSeconds
            ? (long)(seconds * 1000)
            : null;

    public static DepotError Invalid(string? value) =>
        new(ErrorCodes.InvalidMtime, $"{Header} must be Unix seconds between 0 and {MaxSeconds}; got '{value}'.");

    /// <summary>Says the time was kept, as ownCloud does, so clients do not set it again with a PROPPATCH.</summary>
    public static void Acknowledge(HttpResponse response, long? modifiedAt)
    {
        if (modifiedAt is not null)
        {
            response.Headers[Header] = Accepted;
        }
    }
}
