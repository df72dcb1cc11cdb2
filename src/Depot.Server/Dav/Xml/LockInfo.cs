using System.Text;
using System.Xml.Linq;
using Depot.Core;
using Depot.Protocol;

namespace Depot.Server.Dav.Xml;

/// <summary>A LOCK body (RFC 4918 §14.11): scope (exclusive or shared), type (write) and the client's owner element.</summary>
internal sealed record LockInfo(bool Exclusive, string? OwnerXml)
{
    public static Result<LockInfo> From(XDocument body)
    {
        var root = body.Root!;
        var scope = root.Element(DavXml.D + "lockscope")?.Elements().FirstOrDefault()?.Name;
        var type = root.Element(DavXml.D + "locktype")?.Elements().FirstOrDefault()?.Name;
        if (root.Name != DavXml.D + "lockinfo" || (scope != DavXml.D + "exclusive" && scope != DavXml.D + "shared") || type != DavXml.D + "write")
        {
            return Result<LockInfo>.Fail(ErrorCodes.InvalidRequest, "The body must be a DAV:lockinfo with an exclusive or shared write lock.");
        }

        var owner = root.Element(DavXml.D + "owner") is { } element ? DavXml.Serialize(element) : null;
        if (owner is not null && Encoding.UTF8.GetByteCount(owner) > DavXml.MaxLockOwnerBytes)
        {
            return Result<LockInfo>.Fail(ErrorCodes.InvalidRequest,
                $"DAV:owner is limited to {DavXml.MaxLockOwnerBytes} bytes: it is shown back in every lock discovery.");
        }

        return new LockInfo(scope == DavXml.D + "exclusive", owner);
    }
}
