using System.Buffers.Binary;
using Depot.Core.Storage;

namespace Depot.Core.Uploads;

/// <summary>
/// A resumable upload's SHA-1, MD5 and CRC-32C together (<see cref="ContentChecksums"/>), saved as one state beside its
/// SHA-256 state (column <c>uploads.checksums_state</c>, migration 0014): a version byte, then the SHA-1 state, then
/// the MD5 state (<see cref="ResumableBlockHash.Save"/>), then (version 2) the CRC-32C so far, 4 bytes little-endian.
/// A version-1 state (saved before the CRC was kept) resumes without one: that upload's version gets no CRC-32C.
/// </summary>
public sealed class ResumableChecksums
{
    private const byte WithoutCrc = 1;
    private const byte WithCrc = 2;

    private readonly ResumableSha1 _sha1;
    private readonly ResumableMd5 _md5;
    private uint? _crc32c;

    public ResumableChecksums()
        : this(new ResumableSha1(), new ResumableMd5(), 0)
    {
    }

    private ResumableChecksums(ResumableSha1 sha1, ResumableMd5 md5, uint? crc32c) => (_sha1, _md5, _crc32c) = (sha1, md5, crc32c);

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
        if (_crc32c is { } crc)
        {
            _crc32c = Crc32C.Append(crc, data);
        }
    }

    public ResumableChecksums Clone() => new(_sha1.Clone(), _md5.Clone(), _crc32c);

    /// <summary>The checksums of everything appended; the state is left as it was.</summary>
    public ContentChecksums Finish() =>
        new(Convert.ToHexStringLower(_sha1.Finish()), Convert.ToHexStringLower(_md5.Finish())) { Crc32c = _crc32c };

    public byte[] Save()
    {
        var hashes = 1 + _sha1.StateSize + _md5.StateSize;
        var state = new byte[hashes + (_crc32c is null ? 0 : sizeof(uint))];
        state[0] = _crc32c is null ? WithoutCrc : WithCrc;
        _sha1.Save(state.AsSpan(1));
        _md5.Save(state.AsSpan(1 + _sha1.StateSize));
        if (_crc32c is { } crc)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(hashes), crc);
        }

        return state;
    }

    /// <summary>A state <see cref="Save"/> made; null when <paramref name="state"/> is not one (other version, torn, inconsistent).</summary>
    public static ResumableChecksums? Restore(ReadOnlySpan<byte> state)
    {
        if (state.Length < 1 || state[0] is not (WithoutCrc or WithCrc))
        {
            return null;
        }

        var (sha1, md5) = (new ResumableSha1(), new ResumableMd5());
        var first = sha1.Restore(state[1..]);
        var second = first < 0 ? -1 : md5.Restore(state[(1 + first)..]);
        var hashes = 1 + first + second;
        var crcSize = state[0] == WithCrc ? sizeof(uint) : 0;
        if (second < 0 || hashes + crcSize != state.Length || sha1.Length != md5.Length)
        {
            return null;
        }

        uint? crc = crcSize == 0 ? null : BinaryPrimitives.ReadUInt32LittleEndian(state[hashes..]);
        return new ResumableChecksums(sha1, md5, crc);
    }
}
