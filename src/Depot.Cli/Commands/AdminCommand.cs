using System.CommandLine;
using Depot.Cli.Output;
using Depot.Protocol.Admin;

namespace Depot.Cli.Commands;

/// <summary><c>depot admin scrub</c>: re-hash every blob on the server (admins only) and report damaged and missing ones.</summary>
internal static class AdminCommand
{
    // Status polls while a scrub runs: often enough to finish promptly, rarely enough to cost the server nothing.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create(CliContext cli) => new("admin", "Server administration (administrators only)") { Scrub(cli) };

    private static Command Scrub(CliContext cli)
    {
        var noWait = new Option<bool>("--no-wait") { Description = "Start the scrub and return; see its report later with `depot admin scrub --status`" };
        var status = new Option<bool>("--status") { Description = "Show the last completed scrub's report (and whether one is running) without starting one" };
        var command = new Command("scrub",
            "Re-hash every stored blob on the server at its configured rate; report damaged and missing ones by owner and path. Exit 1 when any is found")
        {
            noWait, status,
        };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var admin = session.Client.Admin;
            var current = parse.GetValue(status) ? await admin.GetScrubAsync(cancellationToken) : await admin.StartScrubAsync(cancellationToken);
            var startedAt = current.StartedAt;
            while (!parse.GetValue(status) && !parse.GetValue(noWait) && current.Running)
            {
                await Task.Delay(PollInterval, cancellationToken);
                current = await admin.GetScrubAsync(cancellationToken);
            }

            if (current.Running || current.Last is null || (!parse.GetValue(status) && current.Last.StartedAt < startedAt))
            {
                run.WriteLine(current.Running ? $"A scrub is running: {current.BlobsCheckedSoFar} blobs checked so far." : "No scrub has completed yet.");
                return ExitCodes.Ok;
            }

            return Report(run, current.Last);
        });
        return command;
    }

    private static int Report(Invocation run, ScrubReportInfo report)
    {
        if (run.Json)
        {
            run.WriteJson(report, CliJsonContext.Relaxed.ScrubReportInfo);
        }
        else
        {
            run.WriteLine($"Scrub completed {report.CompletedAt:u}: {report.BlobsChecked} blobs ({Sizes.Format(report.BytesChecked)}) checked, " +
                $"{report.Damaged.Count} damaged or missing, {report.Recovered.Count} good again.");
            foreach (var finding in report.Damaged)
            {
                Describe(run, finding.Damage ?? "damaged", finding);
            }

            foreach (var finding in report.Recovered)
            {
                Describe(run, "good again", finding);
            }
        }

        return report.Damaged.Count == 0 ? ExitCodes.Ok : ExitCodes.Error;
    }

    private static void Describe(Invocation run, string what, ScrubFindingInfo finding)
    {
        run.WriteLine($"{what}\tblob {finding.BlobId}");
        foreach (var place in finding.Locations)
        {
            var notes = (place.Current ? "" : " (older version)") + (place.InTrash ? " (in trash)" : "");
            run.WriteLine($"\t{place.Owner}:{place.Path}{notes}");
        }
    }
}
