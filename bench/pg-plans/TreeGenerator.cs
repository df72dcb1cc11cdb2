using System.Security.Cryptography;
using System.Text;
using Depot.Core.Files;

namespace Depot.PgPlans;

/// <summary>
/// A deterministic, realistic data set: alice's tree of <see cref="TreeShape.Nodes"/> nodes (breadth first, 0–5
/// subfolders and 0–14 files a folder, so folders reach 8–10 levels), the 5,000-file folder and the 10-deep file of
/// <see cref="TreeShape"/>, older versions for 15% of files, about 1% of nodes in the trash, smaller trees for other
/// users, one folder shared with alice and mounted in her root, locks, unfinished uploads and the audit log.
/// </summary>
internal sealed class TreeGenerator(TreeShape shape, long now)
{
    private const int MaxDepth = 10;
    private static readonly string[] OtherNames = ["bob", "carol", "dave", "erin", "frank", "grace"];
    private static readonly string[] FolderWords =
        ["Reports", "Invoices", "Drafts", "old", "Clients", "Misc", "Scans", "Holiday", "code", "assets", "build", "docs",
            "Ärger", "Café", "Élan", "zeta", "Meeting notes", "2019", "2020", "2021", "2022", "2023", "_archive", "Receipts"];

    private static readonly string[] FileWords =
        ["report", "IMG", "notes", "invoice", "Résumé", "budget", "draft", "scan", "photo", "Übersicht", "readme", "data",
            "slides", "contract", "été", "backup", "todo", "Zusammenfassung", "a_b", "log"];

    private static readonly string[] Extensions = [".pdf", ".jpg", ".txt", ".docx", ".xlsx", ".md", ".png", ".zip", ".csv", ".mp3"];

    private static readonly (string Action, int Weight)[] Actions =
    [
        ("auth.sign_in", 30), ("auth.sign_in_failed", 8), ("auth.sign_out", 5), ("file.delete", 20), ("link.download", 12),
        ("trash.restore", 4), ("trash.purge", 3), ("version.restore", 2), ("share.create", 4), ("link.create", 4),
        ("token.create", 4), ("token.revoke", 1), ("group.create", 1), ("group.member_add", 1), ("user.update", 1),
    ];

    private readonly Random _random = new(20261202);
    private readonly Rows _rows = new();
    private readonly Landmarks _landmarks = new();
    private readonly long _start = now - 3L * 365 * 24 * 3600 * 1000;

    public (Rows Rows, Landmarks Landmarks) Generate()
    {
        var users = new List<(string Id, string Name, string RootId, long Used)>();
        var alice = AddUser("alice", shape.Nodes, landmarks: true);
        users.Add(alice);
        for (var i = 0; i < shape.OtherUsers; i++)
        {
            users.Add(AddUser(OtherNames[i % OtherNames.Length] + (i < OtherNames.Length ? "" : $"{i}"), shape.OtherUserNodes, landmarks: false));
        }

        _landmarks.AliceId = alice.Id;
        _landmarks.AliceRootId = alice.RootId;
        if (users.Count > 1)
        {
            _landmarks.BobId = users[1].Id;
            ShareAndMount(owner: users[1], recipient: alice);
        }

        foreach (var user in users)
        {
            AddLocksAndUploads(user.Id, users);
        }

        AddAudit(users);
        return (_rows, _landmarks);
    }

    private (string Id, string Name, string RootId, long Used) AddUser(string name, int budget, bool landmarks)
    {
        var id = NewId(_start);
        var rootId = NewId(_start);
        var tree = new Tree(this, id);
        tree.AddRoot(rootId);
        if (landmarks)
        {
            var photos = tree.AddFolder(rootId, "Photos", 1);
            var year = tree.AddFolder(photos.Id, "2024", 2);
            var camera = tree.AddFolder(year.Id, "Camera", 3);
            _landmarks.BigFolderId = camera.Id;
            for (var i = 1; i <= TreeShape.BigFolderSize; i++)
            {
                tree.AddFile(camera.Id, $"IMG_{i:0000}.jpg");
            }

            var middle = tree.Children(camera.Id)[TreeShape.BigFolderSize / 2];
            (_landmarks.BigFolderMiddleKey, _landmarks.BigFolderMiddleSize, _landmarks.BigFolderMiddleModified) = middle;

            var parent = rootId;
            string[] chain = ["Projects", "depot", "src", "Depot.Core", "Files", "Properties", "a", "b", "c"];
            for (var i = 0; i < chain.Length; i++)
            {
                parent = tree.AddFolder(parent, chain[i], i + 1).Id;
            }

            _landmarks.DeepFileId = tree.AddFile(parent, "deep.txt");
        }

        tree.Fill(budget);
        if (landmarks)
        {
            (_landmarks.LargeSubtreeId, _landmarks.LargeSubtreeSize) = tree.LargestTopFolder();
        }

        tree.TrashSome(budget / 100);
        var used = tree.Used;
        _rows.Users.Add([id, name, name, "x", 0, null, used, rootId, _start]);
        return (id, name, rootId, used);
    }

    private void ShareAndMount((string Id, string Name, string RootId, long Used) owner, (string Id, string Name, string RootId, long Used) recipient)
    {
        var target = _rows.Nodes.First(n => (string)n[1]! == owner.Id && (string?)n[2] == owner.RootId && (int)n[5]! == 0);
        _rows.Shares.Add([NewId(now), target[0], owner.Id, 0, recipient.Id, 1, owner.Id, now]);
        var mountId = NewId(now);
        _rows.Nodes.Add([mountId, recipient.Id, recipient.RootId, $"{owner.Name}'s {target[3]}", Key($"{owner.Name}'s {target[3]}"), 2,
            null, 0L, null, null, now, now, null, null, 0L]);
        _rows.Mounts.Add([mountId, target[0]]);
    }

    private void AddLocksAndUploads(string userId, List<(string Id, string Name, string RootId, long Used)> users)
    {
        var count = userId == _landmarks.AliceId ? 200 : 20;
        for (var i = 0; i < count; i++)
        {
            var path = $"/Documents/Locked {i}.docx";
            var expires = i % 2 == 0 ? now + 600_000 : now - 600_000;
            _rows.Locks.Add([$"urn:uuid:{Guid.NewGuid()}", userId, path.ToUpperInvariant(), path, 0, 1, null, 600L, expires, userId, expires - 600_000]);
        }

        for (var i = 0; i < count / 5; i++)
        {
            // A few are uploads into someone else's share, charged to that owner.
            var charged = i % 7 == 0 ? users[(users.FindIndex(u => u.Id == userId) + 1) % users.Count].Id : null;
            _rows.Uploads.Add([NewId(now), userId, $"/Uploads/part {i}.bin", 50_000_000L, 1_000_000L, 49_000_000L, now, now + 86_400_000, charged]);
        }
    }

    private void AddAudit(List<(string Id, string Name, string RootId, long Used)> users)
    {
        var total = Actions.Sum(a => a.Weight);
        var step = Math.Max(1, (now - _start) / Math.Max(1, shape.AuditEvents));
        for (var i = 0; i < shape.AuditEvents; i++)
        {
            var at = _start + (i * step) + _random.Next((int)Math.Min(step, int.MaxValue));
            var pick = _random.Next(total);
            var action = Actions.First(a => (pick -= a.Weight) < 0).Action;
            // Half of the log is alice's own doing, as on a small team's server where one person does most.
            var roll = _random.Next(10);
            var actor = action is "auth.sign_in_failed" or "link.download" ? ((string Id, string Name, string RootId, long Used)?)null
                : roll < 5 ? users[0] : users[1 + _random.Next(Math.Max(1, users.Count - 1)) % users.Count];
            var owner = actor?.Id ?? users[_random.Next(users.Count)].Id;
            var id = NewId(at);
            _rows.Audit.Add([id, at, action, actor?.Id, actor?.Name, "192.0.2.7", owner, null, $"/Documents/file {i}.txt", "{\"via\":\"api\"}"]);
            if (i == shape.AuditEvents / 2)
            {
                _landmarks.AuditMiddle = (at, id);
            }
        }
    }

    private static string NewId(long at) => Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(at)).ToString("N");

    private static string Key(string name) => NodeName.Key(NodeName.Normalize(name).Value);

    private long RandomInstant() => _start + (long)(_random.NextDouble() * (now - _start));

    /// <summary>One user's tree while it is generated.</summary>
    private sealed class Tree(TreeGenerator g, string ownerId)
    {
        private readonly Dictionary<string, List<(string Key, long Size, long Modified)>> _children = [];
        private readonly List<(string Id, string Path, int Depth, bool Landmark)> _folders = [];
        private readonly List<(string Id, string Path, int Row)> _randomNodes = [];
        private readonly Dictionary<string, string> _paths = [];
        private int _count;

        public long Used { get; private set; }

        public void AddRoot(string rootId)
        {
            g._rows.Nodes.Add([rootId, ownerId, null, "", "", 0, null, 0L, null, null, g._start, g._start, null, null, 0L]);
            _paths[rootId] = "";
            _children[rootId] = [];
            _count++;
        }

        public List<(string Key, long Size, long Modified)> Children(string folderId) => [.. _children[folderId].OrderBy(c => c.Key, StringComparer.Ordinal)];

        public (string Id, string Path) AddFolder(string parentId, string name, int depth, bool landmark = true)
        {
            var id = NewId(g._start);
            var modified = g.RandomInstant();
            var row = Add(id, parentId, name, 0, null, 0, null, modified);
            _children[id] = [];
            var path = _paths[id];
            _folders.Add((id, path, depth, landmark));
            if (!landmark)
            {
                _randomNodes.Add((id, path, row));
            }

            return (id, path);
        }

        public string AddFile(string parentId, string name, bool landmark = true)
        {
            var id = NewId(g._start);
            var size = (long)Math.Exp(g._random.NextDouble() * Math.Log(50_000_000)) + 1;
            var modified = g.RandomInstant();
            var versions = g._random.Next(100) < 15 ? 3 : 1;
            string? current = null;
            string? sha = null;
            for (var v = 0; v < versions; v++)
            {
                var blobId = NewId(modified);
                var versionSize = v == versions - 1 ? size : size / (v + 2);
                sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(blobId)));
                var at = modified - ((versions - 1 - v) * 86_400_000L);
                g._rows.Blobs.Add([blobId, versionSize, sha, at]);
                current = NewId(at);
                g._rows.Versions.Add([current, id, blobId, versionSize, sha, at, ownerId]);
                Used += versionSize;
            }

            var row = Add(id, parentId, name, 1, current, size, sha, modified);
            if (!landmark)
            {
                _randomNodes.Add((id, _paths[id], row));
            }

            return id;
        }

        /// <summary>Breadth first from the root's top folders until the tree holds <paramref name="budget"/> nodes.</summary>
        public void Fill(int budget)
        {
            var queue = new Queue<(string Id, int Depth)>();
            foreach (var top in new[] { "Documents", "Music", "Archive", "Backup", "Work", "Études", "Zeug", "Taxes" })
            {
                if (_count < budget)
                {
                    queue.Enqueue((AddFolder(_paths.First(p => p.Value.Length == 0).Key, top, 1, landmark: false).Id, 1));
                }
            }

            foreach (var folder in _folders.Where(f => f.Landmark && f.Id != g._landmarks.BigFolderId && f.Depth < MaxDepth).ToList())
            {
                queue.Enqueue((folder.Id, folder.Depth));
            }

            while (_count < budget && queue.Count > 0)
            {
                var (parent, depth) = queue.Dequeue();
                var folders = depth >= MaxDepth ? 0 : g._random.Next(6);
                for (var i = 0; i < folders && _count < budget; i++)
                {
                    queue.Enqueue((AddFolder(parent, UniqueName(parent, FolderWords[g._random.Next(FolderWords.Length)], ""), depth + 1, landmark: false).Id, depth + 1));
                }

                var files = g._random.Next(15);
                for (var i = 0; i < files && _count < budget; i++)
                {
                    var word = FileWords[g._random.Next(FileWords.Length)];
                    AddFile(parent, UniqueName(parent, $"{word}-{g._random.Next(1000)}", Extensions[g._random.Next(Extensions.Length)]), landmark: false);
                }
            }
        }

        public (string Id, int Size) LargestTopFolder()
        {
            var counts = new Dictionary<string, int>();
            foreach (var row in g._rows.Nodes.Where(n => (string)n[1]! == ownerId))
            {
                var path = _paths[(string)row[0]!];
                var top = path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                if (top is not null)
                {
                    counts[top] = counts.GetValueOrDefault(top) + 1;
                }
            }

            // The biggest top folder that is not the one holding the landmarks (Photos, Projects) nor the mount.
            var name = counts.Where(c => c.Key is not ("Photos" or "Projects")).MaxBy(c => c.Value).Key;
            return (_folders.First(f => f.Path == "/" + name).Id, counts[name]);
        }

        /// <summary>Moves <paramref name="count"/> random nodes (never a landmark or its ancestor) to the trash, marking the top node only.</summary>
        public void TrashSome(int count)
        {
            for (var i = 0; i < count && _randomNodes.Count > 0; i++)
            {
                var (_, path, row) = _randomNodes[g._random.Next(_randomNodes.Count)];
                var node = g._rows.Nodes[row];
                if (node[12] is not null || _folders.Any(f => f.Landmark && f.Path.StartsWith(path + "/", StringComparison.Ordinal)))
                {
                    continue;
                }

                node[12] = g.RandomInstant();
                node[13] = path;
            }
        }

        private int Add(string id, string parentId, string name, int kind, string? current, long size, string? sha, long modified)
        {
            var key = Key(name);
            var path = _paths[parentId] + "/" + name;
            _paths[id] = path;
            _children[parentId].Add((key, size, modified));
            g._rows.Nodes.Add([id, ownerId, parentId, name, key, kind, current, size, sha, kind == 1 ? "application/octet-stream" : null,
                modified - 1000, modified, null, null, 0L]);
            _count++;
            return g._rows.Nodes.Count - 1;
        }

        private string UniqueName(string parentId, string stem, string extension)
        {
            var taken = _children[parentId];
            var name = stem + extension;
            for (var n = 2; taken.Any(c => c.Key == Key(name)); n++)
            {
                name = $"{stem} ({n}){extension}";
            }

            return name;
        }
    }
}
