using Depot.Core.Data.Copy;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// <c>depot-server migrate-metadata --from sqlite --to postgres</c>: moves a single-node installation's metadata (the
/// data folder's <c>depot.db</c>) into an empty PostgreSQL database (<see cref="MetadataCopier"/>), for an operator who
/// outgrows one machine. The source is found as the server finds it (<c>--data</c>, <c>Depot:DataPath</c>), the target from
/// <c>--connection-string</c>, <c>Depot:Metadata:ConnectionString</c> or <c>DEPOT_METADATA_CONNECTION_STRING</c>. It
/// holds the data-folder lock (<see cref="DataFolderLock"/>) throughout, so it refuses to run beside a server on the
/// folder and no server starts on it meanwhile. Exit codes: 0 copied and verified, 1 refused or failed (nothing
/// committed), 2 usage.
/// </summary>
internal static class MigrateMetadataCommand
{
    public const string Verb = "migrate-metadata";

    private const string UsageLine =
        "Usage: depot-server migrate-metadata --from sqlite --to postgres [--connection-string CS] [--data DIR] [other settings]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (MigrateMetadataArguments.Parse(args) is not { } parsed)
        {
            await Console.Error.WriteLineAsync(UsageLine);
            return 2;
        }

        if (parsed is not { From: "sqlite", To: "postgres" })
        {
            await Console.Error.WriteLineAsync($"depot-server: only --from sqlite --to postgres is supported.\n{UsageLine}");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // end through the token, so the transaction is rolled back rather than cut off
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await MigrateAsync(parsed, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("depot-server: cancelled; nothing was committed to PostgreSQL.");
            return 1;
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"depot-server: {StartupFailure.Describe(exception)}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> MigrateAsync(MigrateMetadataArguments arguments, CancellationToken cancellationToken)
    {
        await using var app = DepotApp.Build(arguments.Settings);
        var data = app.Services.GetRequiredService<IOptions<DataFolderOptions>>().Value;
        var connectionString = arguments.ConnectionString ?? app.Configuration[$"{MetadataOptions.Section}:{nameof(MetadataOptions.ConnectionString)}"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return await FailAsync("give the PostgreSQL database with --connection-string, Depot:Metadata:ConnectionString or " +
                "DEPOT_METADATA_CONNECTION_STRING.");
        }

        if (!File.Exists(data.DatabasePath))
        {
            return await FailAsync($"There is no Depot database at {data.DatabasePath}; give the data folder with --data.");
        }

        using var folderLock = new DataFolderLock();
        if (!folderLock.TryAcquire(data.FullPath))
        {
            return await FailAsync($"A depot-server is running on the data folder '{data.FullPath}' (it holds {DataFolderLock.FileName}): " +
                "stop it first, so that the copy is complete and nothing changes while it runs.");
        }

        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        await Console.Out.WriteLineAsync($"Copying {data.DatabasePath} into the PostgreSQL database {MetadataCopier.Describe(connectionString)}…");
        var copied = await new MetadataCopier(clock).CopyAsync(data.DatabasePath, connectionString, cancellationToken);
        if (!copied.IsSuccess)
        {
            return await FailAsync(copied.Error.Detail);
        }

        await Console.Out.WriteAsync(MigrateMetadataReport.Table(copied.Value));
        if (!copied.Value.Committed)
        {
            var failed = string.Join(", ", copied.Value.Tables.Where(t => !t.Matches).Select(t => t.Table));
            return await FailAsync($"the copy does not match the source in {failed}, so it was rolled back: the PostgreSQL database holds " +
                "only the empty schema. depot.db is unchanged.");
        }

        await Console.Out.WriteAsync(MigrateMetadataReport.NextSteps(copied.Value, data.FullPath, clock.GetElapsedTime(started)));
        return 0;
    }

    private static async Task<int> FailAsync(string sentence)
    {
        await Console.Error.WriteLineAsync($"depot-server: {sentence}");
        return 1;
    }
}
