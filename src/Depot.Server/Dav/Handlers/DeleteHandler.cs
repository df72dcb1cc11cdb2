using Depot.Core.Files;
using Depot.Server.Api;
using Depot.Server.Dav.Locks;

namespace Depot.Server.Dav.Handlers;

/// <summary>DELETE (RFC 4918 §9.6): moves the file or folder to the trash, as REST does; the same transaction drops the locks on and below it.</summary>
internal static class DeleteHandler
{
    public static async Task<IResult> HandleAsync(DavRequest request)
    {
        if (await DavWriteGuard.CheckAsync(request) is { } refused)
        {
            return refused;
        }

        var conditions = FileHeaders.Preconditions(request.Request);
        var deleted = conditions.IsSuccess
            ? await request.Get<FileService>().DeleteAsync(request.Caller, request.Path, conditions.Value, request.Aborted)
            : conditions.Error!;
        return deleted.IsSuccess ? DavResults.NoContent() : DavResults.Error(deleted.Error, request.Method);
    }
}
