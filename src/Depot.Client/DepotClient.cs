using Depot.Client.Http;

namespace Depot.Client;

/// <summary>
/// The typed client for Depot's REST API (docs/api.md). It wraps one <see cref="HttpClient"/> whose
/// <see cref="HttpClient.BaseAddress"/> is the server; the caller owns that client and its handler (TLS, proxies).
/// Idempotent calls are retried on overload and network blips, honouring Retry-After; failures throw
/// <see cref="DepotApiException"/>.
/// </summary>
public sealed class DepotClient
{
    private readonly ApiConnection _api;

    public DepotClient(HttpClient http, DepotClientOptions? options = null)
        : this(http, options ?? new DepotClientOptions(), delay: null)
    {
    }

    /// <summary>For tests: <paramref name="delay"/> replaces the real waits between retries.</summary>
    internal DepotClient(HttpClient http, DepotClientOptions options, Func<TimeSpan, CancellationToken, Task>? delay)
    {
        var retry = new RetryPolicy(options, Random.Shared.NextDouble);
        _api = new ApiConnection(http, retry, options.TimeProvider, delay ?? ((wait, ct) => Task.Delay(wait, options.TimeProvider, ct)));
        Auth = new AuthClient(_api);
        Account = new AccountClient(_api);
        Tokens = new TokensClient(_api);
        AppPasswords = new AppPasswordsClient(_api);
        Users = new UsersClient(_api);
        Admin = new AdminClient(_api);
        Files = new FilesClient(_api, options.ResumableThreshold);
        Trash = new TrashClient(_api);
        Versions = new VersionsClient(_api);
        Groups = new GroupsClient(_api);
        Audit = new AuditClient(_api);
        Changes = new ChangesClient(_api);
        Shares = new SharesClient(_api);
        Links = new LinksClient(_api);
    }

    /// <summary>The bearer token sent with every call; set by <see cref="AuthClient.LoginAsync"/> or from a saved token.</summary>
    public string? AccessToken
    {
        get => _api.AccessToken;
        set => _api.AccessToken = value;
    }

    public AuthClient Auth { get; }

    public AccountClient Account { get; }

    public TokensClient Tokens { get; }

    public AppPasswordsClient AppPasswords { get; }

    public UsersClient Users { get; }

    public AdminClient Admin { get; }

    public FilesClient Files { get; }

    public TrashClient Trash { get; }

    public VersionsClient Versions { get; }

    public GroupsClient Groups { get; }

    public AuditClient Audit { get; }

    /// <summary>The change feed: what changed in the caller's tree since a cursor, with long polling.</summary>
    public ChangesClient Changes { get; }

    /// <summary>Shares with users and groups, "shared with me" and mounts.</summary>
    public SharesClient Shares { get; }

    /// <summary>Public links.</summary>
    public LinksClient Links { get; }
}
