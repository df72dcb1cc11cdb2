using System.Security.Claims;
using System.Text;
using Depot.Core;
using Depot.Core.Files;
using Depot.Core.Sharing;
using Depot.Core.Storage;
using Depot.Core.Thumbnails;
using Depot.Protocol;
using Depot.Protocol.Sharing;
using Depot.Server.Auth;
using Depot.Server.Overload;
using Depot.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Depot.Server.Api;

/// <summary>
/// <c>/api/v1/links</c>: owners and managers create, list and revoke public links; anyone may unlock one. <c>/s/{token}</c>:
/// the link itself, anonymous: GET answers a browser with the web app's link page, the page with a JSON view, and
/// anything else with the content: a file, or a folder as a streamed zip (<c>/s/{token}/sub/path</c> reaches inside it);
/// a drop box takes PUT <c>/s/{token}/{name}</c> or POST <c>/s/{token}?name=…</c> and never lists or serves anything.
/// The password travels in <c>X-Link-Password</c>, HTTP Basic (any user name) or the unlock cookie, never in the URL. A
/// link that does not exist, expired, was revoked or is exhausted, and any malformed path beneath it, answer 404.
/// </summary>
internal static class LinksEndpoints
{
    private const int PagePrefixSegments = 2;   // /s/{token}

    public static void MapLinks(this IEndpointRouteBuilder api)
    {
        var links = api.MapGroup("/links").WithTags("Sharing").RequireAuthorization();
        links.MapGet("", ListAsync).WithName("ListLinks");
        links.MapPost("", CreateAsync).WithName("CreateLink");
        links.MapPatch("/{id}", UpdateAsync).WithName("UpdateLink");
        links.MapDelete("/{id}", RevokeAsync).WithName("RevokeLink");
        // Anonymous, and no antiforgery token: it acts on no session, and the cookie it sets only stands in for the password.
        api.MapPost("/links/unlock", UnlockAsync).WithTags("Sharing").AllowAnonymous().DisableAntiforgery().WithName("UnlockLink");
    }

    public static void MapLinkPages(this IEndpointRouteBuilder app)
    {
        // Anonymous and identity-free: a signed-in browser's session cookie plays no part, so no antiforgery token either.
        var pages = app.MapGroup("/s").WithTags("Public links").AllowAnonymous().DisableAntiforgery();
        pages.MapMethods("/{token}", [HttpMethods.Get, HttpMethods.Head], GetAsync).WithName("LinkDownload")
            .Produces<PublicLinkView>(StatusCodes.Status200OK, "application/json");
        pages.MapMethods("/{token}/{**rest}", [HttpMethods.Get, HttpMethods.Head], GetAsync).WithName("LinkDownloadInside")
            .Produces<PublicLinkView>(StatusCodes.Status200OK, "application/json");
        pages.MapMethods("/{token}", [HttpMethods.Post, HttpMethods.Put], UploadAsync).WithName("LinkUpload").Accepts<Stream>("*/*");
        pages.MapMethods("/{token}/{**rest}", [HttpMethods.Post, HttpMethods.Put], UploadAsync).WithName("LinkUploadNamed").Accepts<Stream>("*/*");
    }

    private static async Task<Results<Ok<LinkInfo[]>, ProblemHttpResult>> ListAsync(
        string? path, ClaimsPrincipal user, LinkService links, CancellationToken cancellationToken)
    {
        var item = OptionalPath.Parse(path);
        if (!item.IsSuccess)
        {
            return item.Error.ToProblem();
        }

        var result = await links.ListAsync(user.ToCaller(), item.Value, cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(result.Value.Select(ToInfo).ToArray()) : result.Error.ToProblem();
    }

    private static async Task<Results<Created<CreatedLinkInfo>, ProblemHttpResult>> CreateAsync(
        CreateLinkRequest body, ClaimsPrincipal user, LinkService links, CancellationToken cancellationToken)
    {
        var path = DepotPath.Parse(body.Path);
        if (!path.IsSuccess)
        {
            return path.Error.ToProblem();
        }

        if (body.Mode is not (null or LinkModes.Read or LinkModes.DropBox))
        {
            return new DepotError(ErrorCodes.InvalidRequest, "The mode is 'read' or 'dropbox'.").ToProblem();
        }

        var result = await links.CreateAsync(user.ToCaller(), path.Value, body.Mode == LinkModes.DropBox, body.Password, body.ExpiresAt,
            body.MaxDownloads, cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        var url = "/s/" + result.Value.Token;
        return TypedResults.Created($"/api/v1/links/{result.Value.Link.Id}", new CreatedLinkInfo(ToInfo(result.Value.Link), result.Value.Token, url));
    }

    private static async Task<Results<Ok<LinkInfo>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateLinkRequest body, ClaimsPrincipal user, LinkService links, CancellationToken cancellationToken)
    {
        var result = await links.UpdateAsync(user.ToCaller(), id, body.Password, body.ClearPassword, body.ExpiresAt, body.ClearExpiry,
            body.MaxDownloads, body.ClearMaxDownloads, cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(ToInfo(result.Value)) : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string id, ClaimsPrincipal user, LinkService links, CancellationToken cancellationToken)
    {
        var result = await links.RevokeAsync(user.ToCaller(), id, cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnlockAsync(
        UnlockLinkRequest body, HttpContext context, LinkService links, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body.Token is null || body.Password is null)
        {
            return new DepotError(ErrorCodes.InvalidRequest, "Send the link's token and its password.").ToProblem();
        }

        var unlocked = await links.UnlockAsync(body.Token, body.Password, context.ClientAddress(), cancellationToken);
        if (unlocked.IsSuccess && unlocked.Value.Cookie is { } cookie)
        {
            LinkCredentials.SetUnlockCookie(context, body.Token, cookie, unlocked.Value.ExpiresAt, clock);
        }

        return unlocked.IsSuccess ? TypedResults.NoContent() : unlocked.Error.ToProblem();
    }

    private static async Task<IResult> GetAsync(
        string token, string? cursor, int? limit, string? disposition, string? thumbnail, string? v, HttpContext context, LinkService links,
        FileService files, FolderService folders, ArchiveService archives, ThumbnailService thumbnails, HeavyRequests heavy, WebAppIndex app,
        CancellationToken cancellationToken)
    {
        // One URL, three representations (LinkNegotiation), so caches must key on Accept.
        context.Response.Headers.Vary = HeaderNames.Accept;
        if (thumbnail is not null)
        {
            return await ThumbnailAsync(token, thumbnail, v, context, links, thumbnails, cancellationToken);
        }

        var answer = LinkNegotiation.For(context.Request);
        if (answer == LinkAnswer.App && app.Exists)
        {
            return app.Serve(context);   // the link is not looked up: the page asks for the view, so no oracle, nothing counted
        }

        var opened = await OpenAsync(token, context, links, cancellationToken);
        if (!opened.IsSuccess)
        {
            return Refuse(context, opened.Error, challenge: answer != LinkAnswer.View);
        }

        if (answer != LinkAnswer.View)
        {
            return await DownloadAsync(context, opened.Value.Access, opened.Value.Path, disposition, links, files, archives, heavy, cancellationToken);
        }

        var view = await LinkViews.BuildAsync(opened.Value.Access, opened.Value.Path, cursor, limit, files, folders, cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return view.IsSuccess ? TypedResults.Ok(view.Value) : Refuse(context, view.Error, challenge: false);
    }

    // ?thumbnail=small|large: an image's thumbnail for the link page's list, grid and gallery. It counts no download (a
    // folder's page would use up a limited link by showing it), so like the view it is not the content itself.
    private static async Task<IResult> ThumbnailAsync(
        string token, string size, string? v, HttpContext context, LinkService links, ThumbnailService thumbnails, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(token, context, links, cancellationToken);
        if (!opened.IsSuccess)
        {
            return Refuse(context, opened.Error, challenge: false);
        }

        if (opened.Value.Access.Link.DropBox)
        {
            return Refuse(context, DropBoxOnly);
        }

        // Whatever the visitor cannot reach inside the link is "gone", as for a download; an image that cannot be made
        // into a thumbnail says so, since the visitor may download it anyway.
        return await ThumbnailResponse.SendAsync(context, thumbnails, opened.Value.Access.Visitor, opened.Value.Path, size, v,
            e => Refuse(context, e.Code is ErrorCodes.ThumbnailUnavailable or ErrorCodes.ImageTooLarge or ErrorCodes.InvalidRequest ? e : Gone,
                challenge: false),
            cancellationToken);
    }

    private static async Task<IResult> DownloadAsync(
        HttpContext context, LinkAccess access, DepotPath path, string? disposition, LinkService links, FileService files, ArchiveService archives,
        HeavyRequests heavy, CancellationToken cancellationToken)
    {
        if (access.Link.DropBox)
        {
            // A browser gets the upload page; anything else (and any path inside the box) a plain refusal.
            return path.IsRoot && context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType == "text/html")
                ? Page(context, StatusCodes.Status200OK, DropBoxForm)
                : Refuse(context, DropBoxOnly);
        }

        var address = context.ClientAddress();
        // The core keeps the visitor inside the link (never through a mount) and read-only; anything else is "gone".
        var found = await files.GetAsync(access.Visitor, path, cancellationToken);
        if (!found.IsSuccess)
        {
            return Refuse(context, Gone);
        }

        if (found.Value.Node.IsFolder)
        {
            // Before the plan and the download count: a busy server neither walks the tree nor uses up a download.
            if (heavy.TryEnter(context) is { IsSuccess: false } busy)
            {
                return busy.Error.ToProblem();
            }

            var plan = await archives.PlanAsync(access.Visitor, [path], cancellationToken);
            if (!plan.IsSuccess || !await links.CountDownloadAsync(access, address, path, cancellationToken))
            {
                return Refuse(context, Gone);
            }

            InlinePreview.Apply(context.Response, "", null);
            return TypedResults.Stream(stream => archives.WriteAsync(plan.Value, stream, context.RequestAborted), "application/zip",
                found.Value.Node.Name + ".zip");
        }

        var download = await files.OpenReadAsync(access.Visitor, path, null, ExpectedRange.Of(context.Request), cancellationToken);
        if (!download.IsSuccess)
        {
            return Refuse(context, Gone);
        }

        var (entry, version, content) = download.Value;
        if (!await links.CountDownloadAsync(access, address, path, cancellationToken))
        {
            await content.DisposeAsync();
            return Refuse(context, Gone);
        }

        // ?disposition=inline: the link page's preview, for the same allow-list as the app's own files (see FilesEndpoints).
        var inline = disposition == "inline" ? InlinePreview.TypeFor(entry.Name) : null;
        context.Response.Headers[FileHeaders.ReprDigest] = DigestHeader.Format(version.Sha256);
        InlinePreview.Apply(context.Response, entry.Name, inline);
        LargeDownloadBody.Apply(context, version.Size);
        return TypedResults.Stream(content, inline ?? entry.Node.ContentType ?? "application/octet-stream", inline is null ? entry.Name : null,
            DateTimeOffset.FromUnixTimeMilliseconds(version.CreatedAt), EntityTagHeaderValue.Parse(version.ETag), enableRangeProcessing: true);
    }

    private static async Task<IResult> UploadAsync(
        string token, string? name, HttpContext context, LinkService links, FileService files, StorageOptions storage,
        CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(token, context, links, cancellationToken);
        if (!opened.IsSuccess)
        {
            return Refuse(context, opened.Error);
        }

        if (PartialWriteRule.Check(context.Request) is { } partial)
        {
            return Refuse(context, partial);
        }

        var (access, path) = opened.Value;
        if (!access.Link.DropBox)
        {
            return Refuse(context, new DepotError(ErrorCodes.Forbidden, "This link is read-only."));
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = storage.MaxUploadBytes;
        }

        var below = path.Segments.Count;
        if (below == 0 && MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await UploadFormAsync(context, access, type, links, files, cancellationToken);
        }

        // PUT /s/{token}/{name} or POST /s/{token}?name=…: one file, straight into the drop box folder.
        var fileName = below == 1 ? path.Name : below == 0 ? name : null;
        var normalized = NodeName.Normalize(fileName);
        if (fileName is null || !normalized.IsSuccess)
        {
            return Refuse(context, new DepotError(ErrorCodes.InvalidName, "Name one file: PUT /s/{token}/{name} or POST /s/{token}?name={name}."));
        }

        var stored = await DropAsync(context, access, normalized.Value, context.Request.Body, context.Request.ContentLength, links, files, cancellationToken);
        return stored is { } error ? Refuse(context, error) : TypedResults.StatusCode(StatusCodes.Status201Created);
    }

    /// <summary>
    /// Stores one dropped file. Never overwrites and never reveals what is there (the core refuses both to a drop box): a
    /// taken name, refused before the body is read, gets a random suffix.
    /// </summary>
    private static async Task<DepotError?> DropAsync(
        HttpContext context, LinkAccess access, string fileName, Stream body, long? length, LinkService links, FileService files,
        CancellationToken cancellationToken)
    {
        var request = new UploadRequest(length, null, null, new WritePreconditions(null, ["*"]));
        var stored = await files.UploadAsync(access.Visitor, DepotPath.Root.Append(fileName), body, request, cancellationToken);
        if (stored.Error?.Code == ErrorCodes.AlreadyExists)
        {
            var suffixed = $"{Path.GetFileNameWithoutExtension(fileName)}-{Guid.NewGuid().ToString("N")[..8]}{Path.GetExtension(fileName)}";
            stored = await files.UploadAsync(access.Visitor, DepotPath.Root.Append(suffixed), body, request, cancellationToken);
        }

        if (!stored.IsSuccess)
        {
            return stored.Error.Code == ErrorCodes.PreconditionFailed
                ? new DepotError(ErrorCodes.AlreadyExists, "Another upload took that name; retry.") : stored.Error;
        }

        await links.RecordUploadAsync(access, context.ClientAddress(), stored.Value.Entry);
        return null;
    }

    /// <summary>The drop box page's form: every file part is streamed into the box (nothing buffered); the answer is a small page.</summary>
    private static async Task<IResult> UploadFormAsync(
        HttpContext context, LinkAccess access, MediaTypeHeaderValue type, LinkService links, FileService files, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > MaxBoundaryLength)
        {
            return Refuse(context, new DepotError(ErrorCodes.InvalidRequest, $"A multipart body needs a boundary of 1 to {MaxBoundaryLength} characters."));
        }

        var reader = new Microsoft.AspNetCore.WebUtilities.MultipartReader(boundary, context.Request.Body);
        var count = 0;
        while (await MultipartParts.NextAsync(reader, cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value is not { Length: > 0 } raw)
            {
                continue;
            }

            var name = NodeName.Normalize(Path.GetFileName(raw.Replace('\\', '/')));
            if (!name.IsSuccess)
            {
                return Refuse(context, name.Error);
            }

            await using var part = new MultipartParts.PartStream(section.Body);
            if (await DropAsync(context, access, name.Value, part, null, links, files, cancellationToken) is { } error)
            {
                return Refuse(context, error);
            }

            count++;
        }

        return count == 0
            ? Refuse(context, new DepotError(ErrorCodes.InvalidRequest, "Choose at least one file."))
            : Page(context, StatusCodes.Status201Created, $"<p>Thank you: {count} file{(count == 1 ? "" : "s")} received.</p>" + DropBoxForm);
    }

    // RFC 2046 §5.1.1: a boundary has 1 to 70 characters (MultipartReader throws on a longer one).
    private const int MaxBoundaryLength = 70;

    private const string DropBoxForm =
        "<form method=\"post\" enctype=\"multipart/form-data\"><p><input type=\"file\" name=\"files\" multiple required></p>" +
        "<p><button type=\"submit\">Upload</button></p></form>";

    /// <summary>
    /// A minimal server-rendered page: static text only (no names, nothing from the request), no script, and a policy
    /// that allows nothing but posting the form back here.
    /// </summary>
    private static ContentHttpResult Page(HttpContext context, int status, string body)
    {
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        context.Response.Headers.CacheControl = "no-store";
        var html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">" +
            "<title>Depot drop box</title></head><body><h1>Drop box</h1>" +
            "<p>Files you upload here go to the owner. You cannot see what is in this box.</p>" + body + "</body></html>";
        return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static readonly DepotError Gone = new(ErrorCodes.LinkNotFound, "This link does not exist, has expired or was revoked.");

    public static readonly DepotError DropBoxOnly = new(ErrorCodes.Forbidden, "This link is a drop box: it accepts uploads only.");

    /// <summary>The live link and the path asked for beneath it (the visitor's: relative to the linked item); any malformed path is "not found".</summary>
    private static async Task<Result<(LinkAccess Access, DepotPath Path)>> OpenAsync(
        string token, HttpContext context, LinkService links, CancellationToken cancellationToken)
    {
        var rest = RequestPath.Parse(context, PagePrefixSegments);
        if (!rest.IsSuccess)
        {
            return Gone;
        }

        var access = await links.OpenAsync(token, LinkCredentials.Of(context.Request), context.ClientAddress(), cancellationToken);
        if (!access.IsSuccess)
        {
            return access.Error;
        }

        return (access.Value, rest.Value);
    }

    // challenge is false for the link page's fetches: a Basic challenge would make the browser pop its own password
    // prompt over the page's form (which unlocks with a cookie instead).
    private static ProblemHttpResult Refuse(HttpContext context, DepotError error, bool challenge = true)
    {
        if (challenge && error.Code is ErrorCodes.Unauthenticated or ErrorCodes.InvalidCredentials)
        {
            // Browsers then ask for the password themselves; curl sends it with -u :password or X-Link-Password.
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Depot link\", charset=\"UTF-8\"";
        }

        return error.ToProblem();
    }

    private static LinkInfo ToInfo(LinkRecord link) => new(
        link.Id, link.NodeId, link.ItemName, FileMappings.KindOf(new Node { Kind = (NodeKind)link.ItemKind }), link.Path,
        link.DropBox ? LinkModes.DropBox : LinkModes.Read, link.HasPassword,
        link.ExpiresAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, link.MaxDownloads, link.Downloads,
        DateTimeOffset.FromUnixTimeMilliseconds(link.CreatedAt));
}
