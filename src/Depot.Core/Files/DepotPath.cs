using System.Text;
using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>
/// An absolute path in one user's tree: "/" is the root, "/a/b.txt" a file in folder "a". Every segment is a
/// canonical <see cref="NodeName"/>; the whole path is bounded in bytes and depth so a lookup always costs a
/// bounded number of steps. Two paths are equal when they are written the same (case is preserved here;
/// case-insensitive matching happens against the store's name keys).
/// </summary>
public sealed class DepotPath : IEquatable<DepotPath>
{
    /// <summary>Bytes of UTF-8 in the whole path: Linux's PATH_MAX, which every client OS can hold.</summary>
    public const int MaxBytes = 4096;

    /// <summary>Folder depth: far beyond real trees, and it bounds path walks and recursive queries.</summary>
    public const int MaxDepth = 128;

    private readonly string[] _segments;

    private DepotPath(string[] segments)
    {
        _segments = segments;
        Value = "/" + string.Join('/', segments);
    }

    public static DepotPath Root { get; } = new([]);

    public IReadOnlyList<string> Segments => _segments;

    public bool IsRoot => _segments.Length == 0;

    /// <summary>The last segment; empty for the root.</summary>
    public string Name => IsRoot ? "" : _segments[^1];

    public DepotPath Parent => IsRoot ? this : new DepotPath(_segments[..^1]);

    public string Value { get; }

    /// <summary>Parses "/a/b" (leading and one trailing "/" optional). Empty segments ("a//b") are refused.</summary>
    public static Result<DepotPath> Parse(string? path)
    {
        var trimmed = (path ?? "").AsSpan();
        if (trimmed.StartsWith("/"))
        {
            trimmed = trimmed[1..];
        }

        if (trimmed.IsEmpty)
        {
            return Root;
        }

        if (trimmed.EndsWith("/"))
        {
            trimmed = trimmed[..^1];
        }

        return FromSegments(trimmed.ToString().Split('/'));
    }

    /// <summary>Builds a path from already-split (and, for HTTP, already percent-decoded) segments.</summary>
    public static Result<DepotPath> FromSegments(IReadOnlyList<string> segments)
    {
        if (segments.Count > MaxDepth)
        {
            return Result<DepotPath>.Fail(ErrorCodes.InvalidPath, $"The path is {segments.Count} levels deep; the limit is {MaxDepth}.");
        }

        var names = new string[segments.Count];
        for (var i = 0; i < names.Length; i++)
        {
            if (segments[i].Length == 0)
            {
                return Result<DepotPath>.Fail(ErrorCodes.InvalidPath, "The path contains an empty segment ('//').");
            }

            var name = NodeName.Normalize(segments[i]);
            if (!name.IsSuccess)
            {
                return name.Error;
            }

            names[i] = name.Value;
        }

        var path = new DepotPath(names);
        var bytes = Encoding.UTF8.GetByteCount(path.Value);
        return bytes > MaxBytes
            ? Result<DepotPath>.Fail(ErrorCodes.InvalidPath, $"The path is {bytes} bytes of UTF-8; the limit is {MaxBytes}.")
            : path;
    }

    /// <summary>The child of this folder path called <paramref name="normalizedName"/> (a canonical name).</summary>
    public DepotPath Append(string normalizedName) => new([.. _segments, normalizedName]);

    /// <summary>This path with its last segment replaced (the name as stored, which may differ in case); the root stays the root.</summary>
    public DepotPath WithName(string normalizedName) => IsRoot ? this : Parent.Append(normalizedName);

    public bool Equals(DepotPath? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as DepotPath);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;
}
