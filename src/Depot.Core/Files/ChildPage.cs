namespace Depot.Core.Files;

/// <summary>
/// One keyset page of a folder's live children: the rows after (<see cref="AfterValue"/>, <see cref="AfterKey"/>)
/// in the given order. <see cref="AfterValue"/> is the size or modified instant; unused for name order.
/// </summary>
public sealed record ChildPage(ChildOrder Order, bool Descending, int Limit, long AfterValue = 0, string? AfterKey = null);
