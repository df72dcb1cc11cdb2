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
/// are protected (403, the others 424), except <c>getlastmodified</c>, which sets the modified time.
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

        if (await DavWriteGuard.CheckAsync(request, new LockTarget(request.Path)) is { } refused)
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
            else if (property.Name == LiveProperties.LastModified && !remove && HttpDate(property.Value) is { } at)
            {
                modified = at;
            }
            else
            {
                forbidden.Add(property.Name);
            }
        }

        var names = update.Value.Select(u => u.Property.Name).Distinct().ToList();
        if (forbidden.Count > 0)
        {
            return await AnswerAsync(request, target.Value, names, n => forbidden.Contains(n) ? StatusCodes.Status403Forbidden : StatusCodes.Status424FailedDependency);
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
            await writer.WriteResponseAsync(DavHref.For(target.Path, target.Node.IsFolder),
                names.GroupBy(status).Select(g => (g.Key, (IReadOnlyList<DavProperty>)[.. g.Select(n => new DavProperty(n))])));
        }

        return Results.Empty;
    }

    private static DateTimeOffset? HttpDate(string value) =>
        DateTimeOffset.TryParseExact(value.Trim(), "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
