using Depot.Core;
using Depot.Core.Files;

namespace Depot.Server.Api;

/// <summary>An optional <c>?path=</c> filter: absent is "everything", present must be a valid Depot path.</summary>
internal static class OptionalPath
{
    public static Result<DepotPath?> Parse(string? text)
    {
        if (text is null)
        {
            return Result<DepotPath?>.Ok(null);
        }

        var parsed = DepotPath.Parse(text);
        return parsed.IsSuccess ? Result<DepotPath?>.Ok(parsed.Value) : parsed.Error;
    }
}
