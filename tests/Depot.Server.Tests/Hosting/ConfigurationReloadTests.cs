using Depot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Depot.Server.Tests.Hosting;

public sealed class ConfigurationReloadTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public void Json_configuration_is_not_watched_for_changes()
    {
        var configuration = (IConfigurationRoot)server.Services.GetRequiredService<IConfiguration>();
        var json = configuration.Providers.OfType<JsonConfigurationProvider>().ToList();
        Assert.NotEmpty(json);
        Assert.All(json, p => Assert.False(p.Source.ReloadOnChange, $"{p.Source.Path} is watched"));
    }
}
