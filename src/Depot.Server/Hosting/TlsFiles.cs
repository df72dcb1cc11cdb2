using System.Text;
using Depot.Core.Storage;

namespace Depot.Server.Hosting;

internal static class TlsFiles
{
    /// <summary>
    /// Writes <paramref name="content"/> readable by the owner only (mode 0600 in a 0700 folder), created with
    /// that mode so the private key is never briefly world-readable, flushed to disk and renamed into place so a
    /// crash leaves the old file or the new one, never half of either. Unchanged content is not rewritten.
    /// </summary>
    public static void WritePrivate(string folder, string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path, Encoding.UTF8) == content)
        {
            return;
        }

        OwnerOnly.CreateFolder(folder);
        var temporary = path + ".tmp";
        var options = OwnerOnly.Apply(new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None });

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
