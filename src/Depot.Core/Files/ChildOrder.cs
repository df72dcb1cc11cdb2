namespace Depot.Core.Files;

/// <summary>How a folder listing is sorted; ties always break on the name key, which is unique in a folder.</summary>
public enum ChildOrder
{
    Name,
    Size,
    Modified,
}
