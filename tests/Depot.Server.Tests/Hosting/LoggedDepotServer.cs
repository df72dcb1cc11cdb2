using Depot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Depot.Server.Tests.Hosting;

/// <summary>A test server whose log lines are kept in <see cref="Logs"/>.</summary>
public sealed class LoggedDepotServer : DepotServer
{
    public LogSink Logs { get; } = new();

    protected override void OnBuilt(WebApplication app) => app.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
}
