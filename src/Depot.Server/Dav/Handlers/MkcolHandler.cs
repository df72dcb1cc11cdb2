using Depot.Core.Files;
using Depot.Server.Dav.Locks;

namespace Depot.Server.Dav.Handlers;

/// <summary>MKCOL (RFC 4918 §9.3): 201; 405 where something exists; 409 without a parent; 415 with a body.</summary>
internal static class MkcolHandler
{
    public static async Task<IResult> HandleAsync(DavRequest request)
    {
        if (DavHeaders.HasBody(request.Request))
        {
            return DavResults.Status(StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.Path.IsRoot)
        {
            return DavResults.Status(StatusCodes.Status405MethodNotAllowed);
        }

        if (await DavWriteGuard.CheckAsync(request) is { } refused)
        {
            return refused;
        }

        var created = await request.Get<FolderService>().CreateAsync(request.Caller, request.Path, parents: false, request.Aborted);
        return created.IsSuccess ? DavResults.Status(StatusCodes.Status201Created) : DavResults.Error(created.Error, request.Method);
    }
}
