namespace Depot.Client;

/// <summary>
/// Depot paths are absolute with "/" as the user's root ("/a/b.txt"). These helpers normalise what people
/// type ("a//b/") and build the URL form, where every segment is percent-encoded on its own.
/// </summary>
public static class DepotPath
{
    public const string Root = "/";

    /// <summary>Adds the leading "/", drops empty segments and any trailing "/".</summary>
    public static string Normalize(string path) => "/" + string.Join('/', Segments(path));

    public static string Combine(string folder, string name) => Normalize(Normalize(folder) + "/" + name);

    /// <summary>The last segment; empty for the root.</summary>
    public static string GetName(string path)
    {
        var segments = Segments(path);
        return segments.Length == 0 ? "" : segments[^1];
    }

    /// <summary>The containing folder; the root is its own parent.</summary>
    public static string GetParent(string path)
    {
        var segments = Segments(path);
        return segments.Length <= 1 ? Root : "/" + string.Join('/', segments[..^1]);
    }

    /// <summary>The URL form without a leading slash: "My Docs/a.txt" → "My%20Docs/a.txt"; the root is "".</summary>
    internal static string Encode(string path) => string.Join('/', Segments(path).Select(Uri.EscapeDataString));

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
