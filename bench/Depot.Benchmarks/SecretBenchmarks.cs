using BenchmarkDotNet.Attributes;
using Depot.Core.Accounts;

namespace Depot.Benchmarks;

/// <summary>
/// The lookup key of an app password or bearer token (SHA-256 hex): computed on every WebDAV request that carries
/// HTTP Basic with an app password, and on every bearer-token request.
/// </summary>
[MemoryDiagnoser]
public class SecretBenchmarks
{
    private readonly string _appPassword = Secrets.NewPassword();
    private readonly string _token = Secrets.NewToken();

    [Benchmark]
    public string HashOfAppPassword() => Secrets.HashOf(_appPassword);

    [Benchmark]
    public string HashOfToken() => Secrets.HashOf(_token);
}
