using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Depot.Core.Data;

/// <summary>
/// What a write transaction locks before it reads what its rules depend on: one user's tree (their nodes, versions,
/// shares, links, locks and dead properties, and their storage fields: quota and usage), or one of the stores whose
/// rules span every user (account names, group names). Two transactions with no scope in common never wait for each
/// other on PostgreSQL; on SQLite every write transaction holds the one write lock anyway. See docs/architecture.md,
/// "The write contract".
/// </summary>
public readonly record struct WriteScope
{
    private WriteScope(string name)
    {
        Name = name;
        // pg_advisory_xact_lock takes one bigint; the first 8 bytes of a SHA-256 make collisions (which would only make
        // two unrelated scopes wait for each other, never break a rule) vanishingly rare, and are stable across versions.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("depot:" + name));
        Key = BinaryPrimitives.ReadInt64BigEndian(hash);
        OwnershipKey = BinaryPrimitives.ReadInt64BigEndian(hash.AsSpan(8));
        IsTree = name.StartsWith("tree:", StringComparison.Ordinal);
    }

    /// <summary>Readable, for logs and tests: <c>tree:{userId}</c>, <c>accounts</c>, <c>groups</c>.</summary>
    public string Name { get; }

    /// <summary>The advisory-lock key on PostgreSQL.</summary>
    public long Key { get; }

    /// <summary>
    /// A tree's second advisory-lock key on PostgreSQL: a node that caches the tree's walks holds it for as long as it
    /// serves them (Cluster/TreeOwnership), and every writer to the tree takes it after <see cref="Key"/>, so no write
    /// to a tree commits while any node serves it from memory.
    /// </summary>
    public long OwnershipKey { get; }

    /// <summary>A user's tree (<see cref="Tree"/>), the only scope a node may own.</summary>
    public bool IsTree { get; }

    /// <summary>Everything in the tree owned by <paramref name="userId"/>, and that user's quota and usage.</summary>
    public static WriteScope Tree(string userId) => new("tree:" + userId);

    /// <summary>Username uniqueness, and account deletion.</summary>
    public static WriteScope Accounts { get; } = new("accounts");

    /// <summary>Group name uniqueness.</summary>
    public static WriteScope Groups { get; } = new("groups");

    public override string ToString() => Name;
}
