using System.CommandLine;
using System.Globalization;
using Depot.Cli.Output;
using Depot.Cli.Parsing;
using Depot.Client;
using Depot.Protocol.Audit;

namespace Depot.Cli.Commands;

/// <summary>
/// <c>depot audit [--since 24h | --from T --to T] [--action X] [--limit N]</c>: the audit events you may read, newest
/// first (yours and your items'; administrators: everyone's).
/// </summary>
internal static class AuditCommand
{
    // 100: a screenful of recent events; --limit raises it, and --json scripts can page through everything with it.
    private const int DefaultLimit = 100;

    public static Command Create(CliContext cli)
    {
        var since = new Option<string?>("--since") { Description = "Only events from this long ago (24h, 7d, 2w) or this date on" };
        var from = new Option<string?>("--from") { Description = "Only events at or after this time (ISO 8601, e.g. 2026-01-31T08:00:00Z)" };
        var to = new Option<string?>("--to") { Description = "Only events before this time (ISO 8601)" };
        var action = new Option<string?>("--action") { Description = "One action (auth.sign_in) or family (group.*); see docs/api.md" };
        var limit = new Option<int>("--limit") { Description = $"At most this many events (default {DefaultLimit})", DefaultValueFactory = _ => DefaultLimit };
        var command = new Command("audit", "Show the audit log: sign-ins, token and password changes, deletes, restores, admin actions")
        {
            since, from, to, action, limit,
        };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var query = Query(run, parse.GetValue(since), parse.GetValue(from), parse.GetValue(to), parse.GetValue(action));
            var max = parse.GetValue(limit);
            if (max < 1)
            {
                throw new CliException(ExitCodes.Usage, "--limit must be at least 1.");
            }

            using var session = await run.OpenSessionAsync(cancellationToken);
            var events = new List<AuditEventInfo>();
            await foreach (var item in session.Client.Audit.ListAsync(query with { PageSize = Math.Min(max, 1000) }, cancellationToken))
            {
                events.Add(item);
                if (events.Count == max)
                {
                    break;
                }
            }

            if (run.Json)
            {
                run.WriteJson(events, CliJsonContext.Relaxed.IReadOnlyListAuditEventInfo);
                return ExitCodes.Ok;
            }

            foreach (var item in events)
            {
                run.WriteLine(Describe(item));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static AuditQuery Query(Invocation run, string? since, string? from, string? to, string? action)
    {
        if (since is not null && from is not null)
        {
            throw new CliException(ExitCodes.Usage, "Use --since or --from, not both.");
        }

        var now = run.Host.Time.GetUtcNow();
        return new AuditQuery(
            since is not null ? SinceParser.Parse(since, now) : from is not null ? SinceParser.Parse(from, now) : null,
            to is not null ? SinceParser.Parse(to, now) : null,
            action);
    }

    private static string Describe(AuditEventInfo e)
    {
        var at = e.At.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var target = e.Path is not null ? $"{e.Owner}:{e.Path}" : e.Owner ?? "";
        var details = e.Details is null ? "" : string.Join(' ', e.Details.Select(d => $"{d.Key}={d.Value}"));
        return $"{at}  {e.Action,-20} {e.Actor ?? "(anonymous)",-16} {e.Address ?? "-",-15} {target} {details}".TrimEnd();
    }
}
