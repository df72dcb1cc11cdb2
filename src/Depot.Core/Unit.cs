namespace Depot.Core;

/// <summary>The value of a successful operation that returns nothing: <c>Result&lt;Unit&gt;</c>.</summary>
public readonly record struct Unit
{
    public static Unit Value => default;
}
