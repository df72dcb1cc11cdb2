namespace Depot.Core.Uploads;

/// <summary>
/// Thrown by a part's stream so that <see cref="IPartialStore.AppendAsync"/> keeps none of it; carries the answer for
/// the client. The one exception the upload path uses for control flow: the store sits between reader and caller.
/// </summary>
internal sealed class PartRejectedException(DepotError error) : Exception(error.Detail)
{
    public DepotError Error { get; } = error;
}
