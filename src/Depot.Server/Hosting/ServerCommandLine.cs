using System.Reflection;

namespace Depot.Server.Hosting;

/// <summary>
/// What <c>depot-server</c> does with its arguments: print help or the version, reset a password from the server
/// machine, move the metadata from SQLite to PostgreSQL, move file contents to S3, back up or restore, or run the server. A start-up failure ends the process with
/// exit code 1 and one sentence naming the option or path at fault (<see cref="StartupFailure"/>), never a stack trace
/// and never SIGABRT.
/// </summary>
internal static class ServerCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help" or "-h" or "-?" or "help", ..])
        {
            await Console.Out.WriteAsync(Usage);
            return 0;
        }

        if (args is ["--version", ..])
        {
            await Console.Out.WriteLineAsync($"depot-server {Version}");
            return 0;
        }

        if (args is [ResetPasswordCommand.Verb, .. var rest])
        {
            return await ResetPasswordCommand.RunAsync(rest);
        }

        if (args is [MigrateMetadataCommand.Verb, .. var migrate])
        {
            return await MigrateMetadataCommand.RunAsync(migrate);
        }

        if (args is [MigrateBlobsCommand.Verb, .. var blobs])
        {
            return await MigrateBlobsCommand.RunAsync(blobs);
        }

        if (args is [BackupCommand.Verb, .. var backup])
        {
            return await BackupCommand.RunAsync(backup);
        }

        if (args is [RestoreCommand.Verb, .. var restore])
        {
            return await RestoreCommand.RunAsync(restore);
        }

        if (args is [RestoreFolderCommand.Verb, .. var restoreFolder])
        {
            return await RestoreFolderCommand.RunAsync(restoreFolder);
        }

        if (args is [RotateKeyCommand.Verb, .. var rotate])
        {
            return await RotateKeyCommand.RunAsync(rotate);
        }

        try
        {
            var app = DepotApp.Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (Exception exception)
        {
            // Reached only while starting: once running, RunAsync returns normally on shutdown.
            await Console.Error.WriteLineAsync($"depot-server: {StartupFailure.Describe(exception)}");
            return 1;
        }
    }

    public static string Version =>
        typeof(ServerCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private const string Usage = """
        Usage: depot-server [options]                     run the server
               depot-server reset-password <user> [options]
                                                          set a new password for an account (read from standard input
                                                          when it is not a terminal, else generated and printed), end
                                                          all of its sessions and tokens, and re-enable it
               depot-server migrate-metadata --from sqlite --to postgres [--connection-string CS] [options]
                                                          copy the data folder's metadata (depot.db) into an empty
                                                          PostgreSQL database, verify every table, and say what next;
                                                          the server must be stopped (docs/operations.md)
               depot-server migrate-blobs --to s3 [options]
                                                          copy the data folder's file contents (blobs/) into the bucket of
                                                          Depot:Storage:S3, verify each by SHA-256, and say what next;
                                                          resumable; the server must be stopped (docs/operations.md)
               depot-server backup DEST [options]
                                                          copy the metadata (one consistent snapshot) and every blob it
                                                          references into the folder DEST while the server runs; a second
                                                          backup into DEST copies only new blobs; with PostgreSQL the
                                                          snapshot is pg_dump's (docs/operations.md)
               depot-server restore SRC --data DIR [options]
                                                          make the empty data folder DIR from the backup SRC, verifying
                                                          every blob and the metadata's integrity
               depot-server restore-folder SRC --user NAME [--path /sub] [options]
                                                          put the user's folder as it was in the backup SRC back into their
                                                          tree as '/Restored YYYY-MM-DD/…', charged to their quota, audited;
                                                          runs beside the server
               depot-server rotate-key --new-key-file FILE [options]
                                                          re-wrap every blob's data key from the configured encryption
                                                          key to the key in FILE (headers only, resumable); the server
                                                          must be stopped (docs/operations.md)
               depot-server --help | --version

        Options (any setting of docs/configuration.md as --Section:Name=value, e.g. --Depot:Trash:Retention=7.00:00:00):
          --data DIR            the data folder (default ./data; also DEPOT_DATA)
          --urls URLS           where to listen (default https://*:8443), separated by ';'

        Settings are read from appsettings.json beside the program, then environment variables (Depot__Trash__Retention),
        then the command line. The first start creates the account 'admin' and prints its password once
        (or takes DEPOT_ADMIN_PASSWORD). Documentation: README.md and docs/ in the source repository.

        """;
}
