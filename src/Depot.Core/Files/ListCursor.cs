using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>
/// The opaque cursor of a keyset page: the order it belongs to and the sort value and name key of the last row
/// returned, base64url-encoded. Opaque to clients, so its format may change between versions.
/// </summary>
internal static class ListCursor
{
    public static string Encode(ListRequest request, Node last)
    {
        var value = request.Order switch
        {
            ChildOrder.Size => last.Size,
            ChildOrder.Modified => last.ModifiedAt,
            _ => 0,
        };
        var group = request.FoldersFirst ? GroupOf(last) : 0;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{(int)request.Order}|{(request.Descending ? 1 : 0)}|{(request.FoldersFirst ? 1 : 0)}|{group}|{value}|{last.NameKey}");
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    public static Result<ChildPage> Decode(ListRequest request)
    {
        var page = new ChildPage(request.Order, request.Descending, request.Limit + 1, FoldersFirst: request.FoldersFirst, Checksums: request.Checksums);
        if (request.Cursor is null)
        {
            return page;
        }

        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(request.Cursor)).Split('|', 6);
        }
        catch (FormatException)
        {
            parts = [];
        }

        return parts.Length == 6
            && parts[0] == ((int)request.Order).ToString(CultureInfo.InvariantCulture)
            && parts[1] == (request.Descending ? "1" : "0")
            && parts[2] == (request.FoldersFirst ? "1" : "0")
            && parts[3] is "0" or "1"
            && long.TryParse(parts[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? page with { AfterValue = value, AfterKey = parts[5], AfterGroup = parts[3] == "1" ? 1 : 0 }
            : Result<ChildPage>.Fail(ErrorCodes.InvalidRequest, "The cursor is not valid for this listing (sort and order must stay the same).");
    }

    /// <summary>The folders-first group: 0 for folders and mounts, 1 for files (as <c>SqlFileSession</c> orders them).</summary>
    public static int GroupOf(Node node) => node.Kind == NodeKind.File ? 1 : 0;
}
