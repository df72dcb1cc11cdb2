using Depot.Core.Storage;
using Depot.Protocol.Admin;
using Depot.Server.Auth;
using Depot.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary>
/// <c>/api/v1/admin/scrub</c> (admins only): start a blob scrub in the background (<c>POST</c>, 202) and read its
/// progress and the last completed report (<c>GET</c>). The server holds every scrub to <c>Depot:Scrub:BytesPerSecond</c>.
/// </summary>
internal static class ScrubEndpoints
{
    public static void MapScrub(this IEndpointRouteBuilder api)
    {
        var scrub = api.MapGroup("/admin/scrub").WithTags("Admin").RequireAuthorization(AuthPolicies.Admin);
        scrub.MapPost("", Start).WithName("StartScrub");
        scrub.MapGet("", Get).WithName("GetScrub");
    }

    private static Accepted<ScrubStatus> Start(ScrubRunner runner)
    {
        runner.Start();
        return TypedResults.Accepted("/api/v1/admin/scrub", Status(runner));
    }

    private static Ok<ScrubStatus> Get(ScrubRunner runner) => TypedResults.Ok(Status(runner));

    private static ScrubStatus Status(ScrubRunner runner) => new(runner.Running, runner.BytesPerSecond, runner.Running ? runner.Progress : 0,
        runner.StartedAt, runner.Last is { } last ? ToInfo(last) : null);

    private static ScrubReportInfo ToInfo(ScrubReport report) => new(report.StartedAt, report.CompletedAt, report.BlobsChecked, report.BytesChecked,
        [.. report.Damaged.Select(ToInfo)], [.. report.Recovered.Select(ToInfo)]);

    private static ScrubFindingInfo ToInfo(ScrubFinding finding) => new(finding.BlobId,
        finding.Damage is { } damage ? DamageName(damage) : null,
        [.. finding.Locations.Select(l => new ScrubLocationInfo(l.Owner, l.Path, l.VersionId, l.Current, l.InTrash))]);

    private static string DamageName(BlobDamage damage) => damage switch
    {
        BlobDamage.ContentMismatch => "content_mismatch",
        BlobDamage.SizeMismatch => "size_mismatch",
        _ => "missing",
    };
}
