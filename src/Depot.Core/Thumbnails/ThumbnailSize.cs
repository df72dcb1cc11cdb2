namespace Depot.Core.Thumbnails;

/// <summary>The two sizes served: <c>small</c> for a list row, <c>large</c> for a grid tile. The box is the longer side in pixels.</summary>
public sealed record ThumbnailSize(string Name, int Box)
{
    // 64 px: a 32 px list icon at 2× device pixels.
    public static readonly ThumbnailSize Small = new("small", 64);

    // 384 px: a ~180 px grid tile at 2× device pixels.
    public static readonly ThumbnailSize Large = new("large", 384);

    /// <summary>The size named <paramref name="name"/> (null or empty: small), or null when there is none by that name.</summary>
    public static ThumbnailSize? Parse(string? name) => name switch
    {
        null or "" or "small" => Small,
        "large" => Large,
        _ => null,
    };

    /// <summary>
    /// The cache key of this size: its name and the rendering's version, bumped when the output changes (format,
    /// box, quality), so old thumbnails are simply never asked for again and maintenance drops them with their source.
    /// </summary>
    public string Key => Name + ".v1";
}
