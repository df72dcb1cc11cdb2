using System.Runtime.InteropServices;

namespace Depot.Core.Uploads;

/// <summary>
/// Block compression of SHA-1 and MD5 by OpenSSL's libcrypto (there on Linux, .NET uses it), as
/// <see cref="OpenSslSha256"/> does for SHA-256: <c>SHA1_Update</c>/<c>MD5_Update</c> on a zeroed context holding only
/// our chaining words, with whole blocks, so OpenSSL buffers nothing and its context never leaves this class. Both
/// contexts start with the words (<c>SHA_CTX</c>: h0..h4; <c>MD5_CTX</c>: A..D) as native integers, from OpenSSL
/// 0.9.8 to 3.x. Absent (not Linux, no libcrypto 3 or 1.1), the callers run their managed rounds.
/// </summary>
internal static unsafe class OpenSslBlocks
{
    private static readonly delegate* unmanaged<uint*, byte*, nuint, int> Sha1Update = Load("SHA1_Update");
    private static readonly delegate* unmanaged<uint*, byte*, nuint, int> Md5Update = Load("MD5_Update");

    public static bool TrySha1(uint[] h, ReadOnlySpan<byte> blocks) => TryUpdate(Sha1Update, h, blocks);

    public static bool TryMd5(uint[] h, ReadOnlySpan<byte> blocks) => TryUpdate(Md5Update, h, blocks);

    private static bool TryUpdate(delegate* unmanaged<uint*, byte*, nuint, int> update, uint[] h, ReadOnlySpan<byte> blocks)
    {
        if (update == null)
        {
            return false;
        }

        // Larger than either context (SHA_CTX is 24 words, MD5_CTX 23): zeroed, so the counts and num start at 0.
        var context = stackalloc uint[32];
        new Span<uint>(context, 32).Clear();
        h.CopyTo(new Span<uint>(context, h.Length));
        fixed (byte* data = blocks)
        {
            _ = update(context, data, (nuint)blocks.Length);
        }

        new ReadOnlySpan<uint>(context, h.Length).CopyTo(h);
        return true;
    }

    private static delegate* unmanaged<uint*, byte*, nuint, int> Load(string symbol)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var name in (string[])["libcrypto.so.3", "libcrypto.so.1.1"])
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, symbol, out var update))
            {
                return (delegate* unmanaged<uint*, byte*, nuint, int>)update;
            }
        }

        return null;
    }
}
