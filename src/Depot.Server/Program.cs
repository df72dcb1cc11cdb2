using Depot.Server;
using Depot.Server.Hosting;

try
{
    var app = DepotApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (StartupRefusedException refused)
{
    await Console.Error.WriteLineAsync($"depot-server: {refused.Message}");
    return 1;
}
