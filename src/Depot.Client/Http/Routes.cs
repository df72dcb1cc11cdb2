namespace Depot.Client.Http;

/// <summary>The relative URLs of docs/api.md, resolved against the server's base address.</summary>
internal static class Routes
{
    public const string Token = "api/v1/auth/token";
    public const string Me = "api/v1/me";
    public const string MyPassword = "api/v1/me/password";
    public const string MyTokens = "api/v1/me/tokens";
    public const string MyAppPasswords = "api/v1/me/app-passwords";
    public const string Users = "api/v1/users";
    public const string Scrub = "api/v1/admin/scrub";
    public const string Files = "api/v1/files";
    public const string Nodes = "api/v1/nodes";
    public const string Folders = "api/v1/folders";
    public const string Moves = "api/v1/moves";
    public const string Copies = "api/v1/copies";
    public const string Trash = "api/v1/trash";
    public const string Versions = "api/v1/versions";
    public const string Groups = "api/v1/groups";
    public const string MyGroups = "api/v1/me/groups";
    public const string Audit = "api/v1/audit";
    public const string Changes = "api/v1/changes";
    public const string Shares = "api/v1/shares";
    public const string IncomingShares = "api/v1/shares/incoming";
    public const string Mounts = "api/v1/mounts";
    public const string Links = "api/v1/links";

    /// <summary>A route followed by a Depot path, each segment encoded; the root is the bare prefix.</summary>
    public static string Under(string prefix, string path)
    {
        var encoded = DepotPath.Encode(path);
        return encoded.Length == 0 ? prefix : prefix + "/" + encoded;
    }

    /// <summary>A route followed by one identifier segment (a username, a token or trash id).</summary>
    public static string Item(string prefix, string id) => prefix + "/" + Uri.EscapeDataString(id);

    /// <summary>"?a=1&amp;b=x" from the pairs whose value is not null; "" when none.</summary>
    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null)
            .Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToArray();
        return present.Length == 0 ? "" : "?" + string.Join('&', present);
    }
}
