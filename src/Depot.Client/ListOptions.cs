namespace Depot.Client;

/// <summary>Folder listing order and page size; null members use the server's defaults (by name, 200 per page).</summary>
public sealed record ListOptions
{
    /// <summary>"name", "size" or "modified".</summary>
    public string? Sort { get; init; }

    /// <summary>"asc" or "desc".</summary>
    public string? Order { get; init; }

    public int? PageSize { get; init; }
}
