namespace Depot.Server.Hosting;

internal static class ConfigurationSources
{
    /// <summary>
    /// The short forms users type: <c>--data DIR</c> and <c>DEPOT_DATA</c> for the data folder,
    /// <c>DEPOT_METADATA_CONNECTION_STRING</c> for <c>Depot:Metadata:ConnectionString</c>. Standard
    /// configuration (appsettings.json, <c>Depot__DataPath</c>, <c>--Depot:DataPath</c>) works as well;
    /// the command line wins over the environment, which wins over files.
    /// </summary>
    public static void AddDepotSources(this ConfigurationManager configuration, string[] args)
    {
        var dataFromEnvironment = Environment.GetEnvironmentVariable("DEPOT_DATA");
        if (!string.IsNullOrEmpty(dataFromEnvironment))
        {
            configuration.AddInMemoryCollection([new("Depot:DataPath", dataFromEnvironment)]);
        }

        // The connection string may carry a password: an environment variable keeps it out of files and process lists.
        var metadataFromEnvironment = Environment.GetEnvironmentVariable("DEPOT_METADATA_CONNECTION_STRING");
        if (!string.IsNullOrEmpty(metadataFromEnvironment))
        {
            configuration.AddInMemoryCollection([new("Depot:Metadata:ConnectionString", metadataFromEnvironment)]);
        }

        configuration.AddCommandLine(args, new Dictionary<string, string> { ["--data"] = "Depot:DataPath" });
    }
}
