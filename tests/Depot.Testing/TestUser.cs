namespace Depot.Testing;

/// <summary>A fresh account on a test server with an HttpClient that carries its bearer token.</summary>
public sealed record TestUser(string Username, string Password, string Token, HttpClient Http) : IDisposable
{
    public void Dispose() => Http.Dispose();
}
