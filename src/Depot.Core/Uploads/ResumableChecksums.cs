using Depot.Core.Storage;

namespace Depot.Core.Uploads;

/// <summary>
/// A resumable upload's SHA-1 and MD5 together (<see cref="ContentChecksums"/>), saved as one state beside its
/// SHA-256 state (column <c>uploads.checksums_state</c>, migration 0014): a version byte, then the SHA-1 state, then
/// the MD5 state (<see cref="ResumableBlockHash.Save"/>).
/// </summary>
public sealed class ResumableChecksums
{
    private const byte Version = 1;

    private readonly ResumableSha1 _sha1;
    private readonly ResumableMd5 _md5;

    public ResumableChecksums()
        : this(new ResumableSha1(), new ResumableMd5())
    {
    }

    private ResumableChecksums(ResumableSha1 sha1, ResumableMd5 md5) => (_sha1, _md5) = (sha1, md5);

    /// <summary>Bytes hashed so far.</summary>
    public long Length => _sha1.Length;

    internal bool ManagedOnly
    {
        set => _sha1.ManagedOnly = _md5.ManagedOnly = value;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _sha1.Append(data);
        _md5.Append(data);
    }

    public ResumableChecksums Clone() => new(_sha1.Clone(), _md5.Clone());

    /// <summary>The checksums of everything appended; the state is left as it was.</summary>
    public ContentChecksums Finish() => new(Convert.ToHexStringLower(_sha1.Finish()), Convert.ToHexStringLower(_md5.Finish()));

    public byte[] Save()
    {
        var state = new byte[1 + _sha1.StateSize + _md5.StateSize];
        state[0] = Version;
        _sha1.Save(state.AsSpan(1));
        _md5.Save(state.AsSpan(1 + _sha1.StateSize));
        return state;
    }

    /// <summary>A state <see cref="Save"/> made; null when <paramref name="state"/> is not one (other version, torn, inconsistent).</summary>
    public static ResumableChecksums? Restore(ReadOnlySpan<byte> state)
    {
        if (state.Length < 1 || state[0] != Version)
        {
            return null;
        }

        var (sha1, md5) = (new ResumableSha1(), new ResumableMd5());
        var first = sha1.Restore(state[1..]);
        var second = first < 0 ? -1 : md5.Restore(state[(1 + first)..]);
        return second < 0 || 1 + first + second != state.Length || sha1.Length != md5.Length ? null : new ResumableChecksums(sha1, md5);
    }
}
