using System.Globalization;

namespace Depot.Core.Cluster;

/// <summary>
/// "The change feed of <see cref="UserId"/> reaches <see cref="Seq"/>": announced after a write committed changes for that
/// user, so long polls waiting on any node wake up and read them. Ids and numbers only.
/// </summary>
public sealed record ChangeNotice(string UserId, long Seq)
{
    public string ToPayload() => string.Create(CultureInfo.InvariantCulture, $"{UserId}:{Seq}");

    /// <summary>The notice a payload names, or null for one this version does not know.</summary>
    public static ChangeNotice? Parse(string payload)
    {
        var colon = payload.LastIndexOf(':');
        return colon > 0 && long.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? new ChangeNotice(payload[..colon], seq)
            : null;
    }
}
