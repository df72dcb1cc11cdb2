using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Depot.Core.Files;
using Depot.Core.Files.Properties;
using Depot.Core.Locks;
using Depot.Protocol;
using Depot.Server.Dav.Locks;
using Depot.Server.Dav.Xml;

namespace Depot.Server.Dav.Handlers;

/// <summary>
/// PROPPATCH (RFC 4918 §9.2): sets and removes dead properties in document order, all or nothing. Live properties
/// are protected (403, the others 424), except the modified time: <c>DAV:getlastmodified</c> and Windows'
/// <c>Win32LastModifiedTime</c> (HTTP-dates) and ownCloud's <c>DAV:lastmodified</c> (Unix seconds, rclone); a value
/// that is no such time is 409 (§9.2.1: a value whose semantics are not appropriate for the property). Setting
/// ownCloud's <c>oc:checksums</c> (rclone sends it with the time) is answered 200 and changes nothing: Depot's
/// checksums are the ones it computed from the bytes.
/// </summary>
internal static class ProppatchHandler
{
    public static async Task<IResult> HandleAsync(DavRequest request)
    {
        var body = await DavXml.ReadAsync(request.Request, request.Aborted);
        var update = body.IsSuccess ? PropertyUpdate.From(body.Value) : body.Error!;
        if (!update.IsSuccess)
        {
            return DavResults.Error(update.Error, request.Method);
        }

        if ((await DavWriteGuard.CheckAsync(request) ?? await DavWriteGuard.LockedAsync(request, new LockTarget(request.Path))) is { } refused)
        {
            return refused;
        }

        var target = await request.Get<FileService>().GetAsync(request.Caller, request.Path, request.Aborted);
        if (!target.IsSuccess)
        {
            return DavResults.Error(target.Error, request.Method);
        }

        var changes = new List<PropertyChange>();
        DateTimeOffset? modified = null;
        var forbidden = new List<XName>();
        var unfit = new List<XName>();
        foreach (var (property, remove) in update.Value)
        {
            if (!LiveProperties.IsLive(property.Name))
            {
                var xml = DavXml.Serialize(property);
                if (Encoding.UTF8.GetByteCount(xml) > DavXml.MaxPropertyBytes)
                {
                    return DavResults.Error(new(ErrorCodes.InvalidRequest,
                        $"The property {property.Name} is larger than {DavXml.MaxPropertyBytes} bytes."), request.Method);
                }

                changes.Add(new PropertyChange(new DeadProperty(property.Name.NamespaceName, property.Name.LocalName, xml), remove));
            }
            else if (LiveProperties.SetsModifiedTime(property.Name) && !remove)
            {
                var at = property.Name == LiveProperties.OwnCloudLastModified ? UnixSeconds(property.Value) : HttpDate(property.Value);
                if (at is null)
                {
                    unfit.Add(property.Name);
                }

                modified = at ?? modified;
            }
            else if (property.Name == LiveProperties.Checksums && !remove)
            {
                // Ours come from the bytes; a client's copy of them is not stored (docs/webdav.md).
            }
            else
            {
                forbidden.Add(property.Name);
            }
        }

        var names = update.Value.Select(u => u.Property.Name).Distinct().ToList();
        if (forbidden.Count > 0 || unfit.Count > 0)
        {
            return await AnswerAsync(request, target.Value, names, n =>
                forbidden.Contains(n) ? StatusCodes.Status403Forbidden
                : unfit.Contains(n) ? StatusCodes.Status409Conflict
                : StatusCodes.Status424FailedDependency);
        }

        var properties = request.Get<PropertyService>();
        var patched = await properties.PatchAsync(request.Caller, request.Path, changes, request.Aborted);
        if (patched.IsSuccess && modified is { } time)
        {
            patched = await properties.SetModifiedAsync(request.Caller, request.Path, time, request.Aborted);
        }

        return patched.IsSuccess
            ? await AnswerAsync(request, target.Value, names, _ => StatusCodes.Status200OK)
            : DavResults.Error(patched.Error, request.Method);
    }

    private static async Task<IResult> AnswerAsync(DavRequest request, NodeEntry target, IReadOnlyList<XName> names, Func<XName, int> status)
    {
        await using (var writer = MultiStatusWriter.Start(request.Response))
        {
            await writer.WriteNamesAsync(DavHref.For(target.Path, target.Node.IsFolder), names.GroupBy(status).Select(g => (g.Key, g.AsEnumerable())));
        }

        return Results.Empty;
    }

    private static DateTimeOffset? HttpDate(string value) =>
        DateTimeOffset.TryParseExact(value.Trim(), "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static DateTimeOffset? UnixSeconds(string value) =>
        Api.ClientMtime.Seconds(value) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
