namespace Depot.Server.Dav.Xml;

internal enum PropfindKind
{
    AllProp,
    PropName,
    Prop,
}
