using System.Buffers.Binary;

namespace Depot.Core.Uploads;

/// <summary>
/// A Merkle–Damgård hash over 64-byte blocks (SHA-1, MD5) whose state can be saved and restored, like
/// <see cref="ResumableSha256"/>, so a resumable upload's checksums are taken once as its bytes stream in, across
/// requests, restarts and nodes. .NET's incremental hashes cannot export their state. The state is the chaining
/// words, the byte count and the tail not yet compressed (its length is the count modulo 64, so it needs no field).
/// Whole blocks go to OpenSSL's libcrypto when it is there (<see cref="OpenSslBlocks"/>); else managed rounds.
/// </summary>
public abstract class ResumableBlockHash
{
    private const int Block = 64;

    private readonly uint[] _h;
    private readonly byte[] _buffer = new byte[Block];
    private int _buffered;

    private protected ResumableBlockHash(uint[] initial) => _h = (uint[])initial.Clone();

    /// <summary>For tests: hash with the managed rounds only, so both paths are checked against the platform's hash.</summary>
    internal bool ManagedOnly { get; set; }

    /// <summary>Bytes hashed so far.</summary>
    public long Length { get; private set; }

    /// <summary>Bytes of a saved state: the words, the 8-byte count and the tail.</summary>
    public int StateSize => _h.Length * 4 + 8 + _buffered;

    /// <summary>SHA-1 writes words and the bit count big-endian, MD5 little-endian.</summary>
    private protected abstract bool BigEndian { get; }

    private protected abstract int DigestWords { get; }

    private protected abstract void Compress(uint[] h, ReadOnlySpan<byte> blocks);

    private protected abstract bool TryCompressNative(uint[] h, ReadOnlySpan<byte> blocks);

    public void Append(ReadOnlySpan<byte> data)
    {
        Length += data.Length;
        if (_buffered > 0)
        {
            var take = Math.Min(Block - _buffered, data.Length);
            data[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            data = data[take..];
            if (_buffered < Block)
            {
                return;
            }

            Compress(_h, _buffer);
            _buffered = 0;
        }

        var whole = data.Length - data.Length % Block;
        if (whole > 0 && (ManagedOnly || !TryCompressNative(_h, data[..whole])))
        {
            Compress(_h, data[..whole]);
        }

        data[whole..].CopyTo(_buffer);
        _buffered = data.Length - whole;
    }

    /// <summary>The digest of everything appended; the state itself is left as it was.</summary>
    public byte[] Finish()
    {
        var h = (uint[])_h.Clone();
        Span<byte> tail = stackalloc byte[2 * Block];
        tail.Clear();
        _buffer.AsSpan(0, _buffered).CopyTo(tail);
        tail[_buffered] = 0x80;
        var size = _buffered < Block - 8 ? Block : 2 * Block;
        var bits = (ulong)Length * 8;
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(tail[(size - 8)..], bits);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(tail[(size - 8)..], bits);
        }

        Compress(h, tail[..size]);
        var digest = new byte[DigestWords * 4];
        for (var i = 0; i < DigestWords; i++)
        {
            if (BigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(i * 4), h[i]);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(i * 4), h[i]);
            }
        }

        return digest;
    }

    /// <summary>Writes the state (<see cref="StateSize"/> bytes) to <paramref name="state"/>.</summary>
    public void Save(Span<byte> state)
    {
        for (var i = 0; i < _h.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(state[(i * 4)..], _h[i]);
        }

        BinaryPrimitives.WriteInt64BigEndian(state[(_h.Length * 4)..], Length);
        _buffer.AsSpan(0, _buffered).CopyTo(state[(_h.Length * 4 + 8)..]);
    }

    /// <summary>
    /// Loads a state <see cref="Save"/> wrote at the start of <paramref name="state"/> into this fresh hash; returns the
    /// bytes it took, or -1 when they are not one (too short, a negative count).
    /// </summary>
    public int Restore(ReadOnlySpan<byte> state)
    {
        var header = _h.Length * 4 + 8;
        if (state.Length < header)
        {
            return -1;
        }

        var length = BinaryPrimitives.ReadInt64BigEndian(state[(_h.Length * 4)..]);
        var buffered = (int)(length % Block);
        if (length < 0 || state.Length < header + buffered)
        {
            return -1;
        }

        for (var i = 0; i < _h.Length; i++)
        {
            _h[i] = BinaryPrimitives.ReadUInt32BigEndian(state[(i * 4)..]);
        }

        Length = length;
        _buffered = buffered;
        state.Slice(header, buffered).CopyTo(_buffer);
        return header + buffered;
    }

    private protected void CopyStateTo(ResumableBlockHash copy)
    {
        _h.CopyTo(copy._h, 0);
        _buffer.CopyTo(copy._buffer, 0);
        copy._buffered = _buffered;
        copy.Length = Length;
        copy.ManagedOnly = ManagedOnly;
    }
}
