using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Depot.Cli.Config;
using Depot.Cli.Net;

namespace Depot.Cli;

/// <summary>One run of one command: the host, the global options, the config store, and output helpers.</summary>
internal sealed record Invocation(CliHost Host, bool Json, string? Fingerprint, ConfigStore Config)
{
    public Task<Session> OpenSessionAsync(CancellationToken cancellationToken) => SessionFactory.OpenAsync(this, cancellationToken);

    public void WriteJson<T>(T value, JsonTypeInfo<T> type) => Host.Out.WriteLine(JsonSerializer.Serialize(value, type));

    public void WriteLine(string text) => Host.Out.WriteLine(text);

    /// <summary>Writes human output only: with <c>--json</c> stdout carries the JSON document alone.</summary>
    public void Say(string text)
    {
        if (!Json)
        {
            Host.Out.WriteLine(text);
        }
    }

    public string ResolveLocal(string path) => Host.ResolveLocal(path);
}
