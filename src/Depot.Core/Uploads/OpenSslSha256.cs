using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Depot.Core.Uploads;

/// <summary>
/// The SHA-256 compression of whole blocks by OpenSSL's libcrypto (which .NET itself uses on Linux, so it is there),
/// for <see cref="ResumableSha256"/>: libcrypto uses the CPU's SHA instructions, as fast as .NET's own SHA256
/// (0.5–1.1 GB/s on the 2-core test machine, by load) against about 130 MB/s for the managed rounds. Only
/// <c>SHA256_Update</c>, on a context we fill from our own state, with whole blocks: nothing of OpenSSL's context
/// leaves this class and the saved state stays ours. Absent (not Linux, no libcrypto 3 or 1.1),
/// <see cref="TryCompress"/> answers false and the managed rounds run.
/// </summary>
internal static unsafe class OpenSslSha256
{
    private static readonly delegate* unmanaged<Context*, byte*, nuint, int> Update = Load();

    public static bool IsAvailable => Update != null;

    /// <summary>Compresses whole 64-byte <paramref name="blocks"/> into <paramref name="h"/>; false when libcrypto is absent.</summary>
    public static bool TryCompress(uint[] h, ReadOnlySpan<byte> blocks)
    {
        if (Update == null)
        {
            return false;
        }

        var context = default(Context);
        h.CopyTo(context.H);
        fixed (byte* data = blocks)
        {
            // num = 0 and whole blocks: SHA256_Update hashes them straight from our buffer and buffers nothing.
            _ = Update(&context, data, (nuint)blocks.Length);
        }

        ((ReadOnlySpan<uint>)context.H).CopyTo(h);
        return true;
    }

    private static delegate* unmanaged<Context*, byte*, nuint, int> Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var name in (string[])["libcrypto.so.3", "libcrypto.so.1.1"])
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "SHA256_Update", out var update))
            {
                return (delegate* unmanaged<Context*, byte*, nuint, int>)update;
            }
        }

        return null;
    }

    /// <summary><c>SHA256_CTX</c> of &lt;openssl/sha.h&gt;, the same from OpenSSL 0.9.8 to 3.x: h[8], Nl, Nh, data[16], num, md_len.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Context
    {
        public Words8 H;
        public uint Nl;
        public uint Nh;
        public Words16 Data;
        public uint Num;
        public uint MdLen;
    }

    [InlineArray(8)]
    private struct Words8
    {
        private uint _word;
    }

    [InlineArray(16)]
    private struct Words16
    {
        private uint _word;
    }
}
