using Depot.Core.Files;

namespace Depot.Server.Api;

/// <summary>
/// The one byte range a GET asks for, passed to <see cref="FileService.OpenReadAsync(Depot.Core.Access.Caller, DepotPath, string?, ByteWindow?, CancellationToken)"/>
/// so the store reads only that (the framework's range processing then seeks to it and copies its length). No hint for
/// several ranges (the framework answers those with the whole file) or with If-Range (which may turn the answer into
/// the whole file, and a whole-file read is verified end to end only when it is one store read).
/// </summary>
internal static class ExpectedRange
{
    public static ByteWindow? Of(HttpRequest request)
    {
        if (request.Headers.IfRange.Count > 0)
        {
            return null;
        }

        var range = request.GetTypedHeaders().Range;
        return range is { Ranges.Count: 1 } && string.Equals(range.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)
            ? new ByteWindow(range.Ranges.First().From, range.Ranges.First().To)
            : null;
    }
}
