namespace Depot.Core.Data.Copy;

/// <summary>One column of a copied table and how its values are read, written and hashed.</summary>
internal sealed record CopyColumn(string Name, ColumnKind Kind);
