using System.Security.Cryptography;
using Depot.Core.Access;
using Depot.Core.Accounts;
using Depot.Core.Events;
using Depot.Core.Files;
using Depot.Protocol;

namespace Depot.Core.Sharing;

/// <summary>
/// Public links: a token (256 random bits; only its SHA-256 is stored) that lets anyone download an item, or add files
/// to a folder without seeing it (a drop box). Only owners and managers make links (<see cref="AccessPolicy"/>), and a
/// link lives only while its creator still may share the item. Passwords are PBKDF2 hashes set in the same insert as
/// the link, checked in constant time and throttled per link and per address like sign-in.
/// </summary>
public sealed class LinkService(
    IFileStore files, SqlLinkStore links, ShareService shares, SecretThrottle throttle, AuditLog audit, TimeProvider clock)
{
    private static readonly DepotError Gone = new(ErrorCodes.LinkNotFound, "This link does not exist, has expired or was revoked.");

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<Result<CreatedLink>> CreateAsync(
        Caller caller, DepotPath path, bool dropBox, string? password, DateTimeOffset? expiresAt, long? maxDownloads,
        CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        if (expiresAt is { } expiry && expiry <= clock.GetUtcNow())
        {
            return Result<CreatedLink>.Fail(ErrorCodes.InvalidRequest, "The expiry must be in the future.");
        }

        if (maxDownloads is <= 0 || (dropBox && maxDownloads is not null))
        {
            return Result<CreatedLink>.Fail(ErrorCodes.InvalidRequest, "A download limit is a positive number, and drop boxes have none.");
        }

        if (password is { Length: 0 or > 1024 })
        {
            return Result<CreatedLink>.Fail(ErrorCodes.InvalidRequest, "A link password has 1 to 1024 characters.");
        }

        // Sharing needs the manager role at least; a drop box also writes, which managers may (viewers may neither).
        var item = await shares.FindAsync(caller, path, Need.Share, cancellationToken);
        if (!item.IsSuccess)
        {
            return item.Error;
        }

        var node = item.Value.Node;
        if (dropBox && (!node.IsFolder || !AccessPolicy.Allows(item.Value.Role, Need.Write)))
        {
            return Result<CreatedLink>.Fail(ErrorCodes.NotAFolder, "A drop box is a folder you may write to.");
        }

        var token = "dpl_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var link = new LinkRecord
        {
            Id = Ids.New(clock), NodeId = node.Id, OwnerId = node.OwnerId, ItemName = node.Name, ItemKind = (int)node.Kind, DropBox = dropBox,
            PasswordHash = password is null ? null : PasswordHasher.Hash(password), ExpiresAt = expiresAt?.ToUnixTimeMilliseconds(),
            MaxDownloads = maxDownloads, CreatedBy = caller.UserId, CreatedAt = Now, Path = item.Value.Path.Value,
        };
        await links.InsertAsync(link, Secrets.HashOf(token), cancellationToken);
        await audit.RecordAsync(caller, AuditActions.LinkCreate, AuditTarget.Node(node.OwnerId, node.Id, item.Value.Path.Value),
            ("link", link.Id), ("mode", dropBox ? "dropbox" : "read"), ("hasPassword", password is null ? "no" : "yes"));
        return new CreatedLink(link, token);
    }

    /// <summary>Links on items the caller owns, or that they made; optionally only those on one item.</summary>
    public async Task<Result<IReadOnlyList<LinkRecord>>> ListAsync(Caller caller, DepotPath? path, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        string? nodeId = null;
        if (path is not null)
        {
            var item = await shares.FindAsync(caller, path, Need.Share, cancellationToken);
            if (!item.IsSuccess)
            {
                return item.Error;
            }

            nodeId = item.Value.Node.Id;
        }

        var rows = await links.ListAsync(caller.UserId, nodeId, cancellationToken);
        var result = new List<LinkRecord>(rows.Count);
        await using var session = await files.ReadAsync(cancellationToken);
        foreach (var row in rows)
        {
            var where = row.OwnerId == caller.UserId ? (await FileTree.LocateAsync(session, row.NodeId, cancellationToken)).Path.Value : null;
            result.Add(row with { Path = where });
        }

        return result;
    }

    /// <summary>Changes a link's password, expiry or download limit (owner, or its creator while still a manager).</summary>
    public async Task<Result<LinkRecord>> UpdateAsync(
        Caller caller, string linkId, string? password, bool clearPassword, DateTimeOffset? expiresAt, bool clearExpiry, long? maxDownloads,
        bool clearMaxDownloads, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        var link = await links.GetAsync(linkId, cancellationToken);
        if (link is null || !await MayManageAsync(caller.UserId, link, cancellationToken))
        {
            return Result<LinkRecord>.Fail(ErrorCodes.LinkNotFound, "There is no such link.");
        }

        if ((password is not null && clearPassword) || password is { Length: 0 or > 1024 })
        {
            return Result<LinkRecord>.Fail(ErrorCodes.InvalidRequest, "Set a password of 1 to 1024 characters, or clear it.");
        }

        if (expiresAt is { } expiry && expiry <= clock.GetUtcNow())
        {
            return Result<LinkRecord>.Fail(ErrorCodes.InvalidRequest, "The expiry must be in the future.");
        }

        if (maxDownloads is <= 0 || (link.DropBox && maxDownloads is not null))
        {
            return Result<LinkRecord>.Fail(ErrorCodes.InvalidRequest, "A download limit is a positive number, and drop boxes have none.");
        }

        var updated = link with
        {
            PasswordHash = clearPassword ? null : password is null ? link.PasswordHash : PasswordHasher.Hash(password),
            ExpiresAt = clearExpiry ? null : expiresAt?.ToUnixTimeMilliseconds() ?? link.ExpiresAt,
            MaxDownloads = clearMaxDownloads ? null : maxDownloads ?? link.MaxDownloads,
        };
        await links.UpdateAsync(link.Id, updated.PasswordHash, updated.ExpiresAt, updated.MaxDownloads, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.LinkUpdate, AuditTarget.Node(link.OwnerId, link.NodeId, link.ItemName),
            ("link", link.Id), ("hasPassword", updated.HasPassword ? "yes" : "no"));
        return updated;
    }

    public async Task<Result<Unit>> RevokeAsync(Caller caller, string linkId, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        var link = await links.GetAsync(linkId, cancellationToken);
        if (link is null || !await MayManageAsync(caller.UserId, link, cancellationToken))
        {
            return Result<Unit>.Fail(ErrorCodes.LinkNotFound, "There is no such link.");
        }

        await links.DeleteAsync(link.Id, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.LinkRevoke, AuditTarget.Node(link.OwnerId, link.NodeId, link.ItemName), ("link", link.Id));
        return Unit.Value;
    }

    /// <summary>
    /// A visitor's link: the token's link if it is live (not expired, not exhausted, its item live, its creator still
    /// allowed to share it) and, if it has a password, the visitor holds a valid unlock cookie or sends the right
    /// password. Password checks are throttled per link and per address.
    /// </summary>
    public async Task<Result<LinkAccess>> OpenAsync(string token, LinkCredential credential, string? address, CancellationToken cancellationToken)
    {
        var link = token.Length is > 0 and <= 200 ? await links.FindByTokenHashAsync(Secrets.HashOf(token), cancellationToken) : null;
        if (link is null || link.ExpiresAt <= Now || link.Downloads >= link.MaxDownloads)
        {
            return Gone;
        }

        (DepotPath Path, bool Live) located;
        await using (var session = await files.ReadAsync(cancellationToken))
        {
            var node = await session.GetNodeAsync(link.NodeId, cancellationToken);
            if (node is null || !await MayShareAsync(session, link.CreatedBy, node, cancellationToken))
            {
                return Gone;
            }

            located = await FileTree.LocateAsync(session, node.Id, cancellationToken);
        }

        if (!located.Live)
        {
            return Gone;
        }

        // A valid unlock cookie is checked before the throttle: it cannot be guessed (an HMAC under the password hash),
        // so someone hammering the link with wrong passwords does not lock out visitors who already unlocked it.
        if (link.PasswordHash is { } hash && !LinkUnlock.Verify(hash, link.Id, credential.Unlock, clock.GetUtcNow()))
        {
            var keys = new[] { new ThrottleKey("link:" + link.Id, false), ThrottleKey.Address(address) };
            var wait = await throttle.RetryAfterAsync(keys, cancellationToken);
            if (wait > TimeSpan.Zero)
            {
                return new DepotError(ErrorCodes.TooManyAttempts, "Too many wrong passwords for this link; wait and retry.", wait);
            }

            if (credential.Password is not { } password)
            {
                return Result<LinkAccess>.Fail(ErrorCodes.Unauthenticated,
                    "This link needs its password (X-Link-Password, Basic, or the cookie from POST /api/v1/links/unlock).");
            }

            if (!PasswordHasher.Verify(password, hash))
            {
                await throttle.RecordFailureAsync(keys, cancellationToken);
                AccountsMetrics.AuthFailed(AccountsMetrics.LinkPassword);
                await audit.RecordAsync(AuditActor.Anonymous(address), AuditActions.LinkPasswordFailed,
                    AuditTarget.Node(link.OwnerId, link.NodeId, located.Path.Value), ("link", link.Id));
                return Result<LinkAccess>.Fail(ErrorCodes.InvalidCredentials, "Wrong link password.");
            }
        }

        // The visitor acts in the owner's tree, within the link's reach only (no mounts; view: read; drop box: new files).
        var visitor = new Caller(link.OwnerId, "", false) { Address = address, Link = new LinkScope(link.Id, link.NodeId, link.DropBox) };
        return new LinkAccess(link, visitor, located.Path);
    }

    /// <summary>
    /// Checks a link's password exactly as <see cref="OpenAsync"/> does (same throttle, same audit of failures) and, when it
    /// is right, issues the value of an unlock cookie. A link without a password needs nothing: no cookie.
    /// </summary>
    public async Task<Result<LinkUnlocked>> UnlockAsync(string token, string password, string? address, CancellationToken cancellationToken)
    {
        var access = await OpenAsync(token, new LinkCredential(password), address, cancellationToken);
        if (!access.IsSuccess)
        {
            return access.Error;
        }

        var link = access.Value.Link;
        var expiry = LinkUnlock.ExpiryFor(link, clock.GetUtcNow());
        return new LinkUnlocked(link.PasswordHash is { } hash ? LinkUnlock.Issue(hash, link.Id, expiry) : null, expiry);
    }

    /// <summary>Counts a download against the link's limit; false when it is exhausted (then answer "gone").</summary>
    /// <remarks><paramref name="path"/> is the visitor's (relative to the linked item).</remarks>
    public async Task<bool> CountDownloadAsync(LinkAccess access, string? address, DepotPath path, CancellationToken cancellationToken)
    {
        if (!await links.CountDownloadAsync(access.Link.Id, cancellationToken))
        {
            return false;
        }

        SharingMetrics.LinkDownloads.Add(1);
        await audit.RecordAsync(AuditActor.Anonymous(address), AuditActions.LinkDownload,
            AuditTarget.Node(access.Link.OwnerId, access.Link.NodeId, access.InOwnerTree(path).Value), ("link", access.Link.Id));
        return true;
    }

    public Task RecordUploadAsync(LinkAccess access, string? address, NodeEntry stored) =>
        audit.RecordAsync(AuditActor.Anonymous(address), AuditActions.LinkUpload,
            AuditTarget.Node(access.Link.OwnerId, stored.Node.Id, access.InOwnerTree(stored.Path).Value), ("link", access.Link.Id), ("size", stored.Node.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private async Task<bool> MayManageAsync(string userId, LinkRecord link, CancellationToken cancellationToken)
    {
        await using var session = await files.ReadAsync(cancellationToken);
        var node = await session.GetNodeAsync(link.NodeId, cancellationToken);
        return node is not null && (link.OwnerId == userId || (link.CreatedBy == userId && await MayShareAsync(session, userId, node, cancellationToken)));
    }

    private static async Task<bool> MayShareAsync(IFileSession session, string userId, Node node, CancellationToken cancellationToken) =>
        AccessPolicy.Allows(await AccessPolicy.RoleOnAsync(session, userId, node, cancellationToken), Need.Share);
}
