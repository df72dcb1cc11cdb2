using System.Security.Cryptography;

namespace Depot.Cli.Transfers;

/// <summary>
/// <c>get</c> replaces local files, and a local file has no trash: when a target exists with other content than the
/// server's (a local edit not uploaded yet), the replacement needs confirmation. Identical files replace nothing.
/// </summary>
internal static class OverwriteGuard
{
    private const int Named = 3;

    public static async Task ConfirmAsync(Invocation run, IReadOnlyList<RemoteFile> files, bool yes, CancellationToken cancellationToken)
    {
        if (yes)
        {
            return;
        }

        var changed = new List<string>();
        foreach (var file in files)
        {
            if (await DiffersAsync(file, cancellationToken))
            {
                changed.Add(file.Local);
            }
        }

        if (changed.Count > 0)
        {
            var names = string.Join(", ", changed.Take(Named)) + (changed.Count > Named ? $" and {changed.Count - Named} more" : "");
            Confirmation.Require(run, yes, $"replace {changed.Count} local file(s) whose content differs from the server's ({names})");
        }
    }

    private static async Task<bool> DiffersAsync(RemoteFile file, CancellationToken cancellationToken)
    {
        var local = new FileInfo(file.Local);
        if (!local.Exists)
        {
            return false;
        }

        if (local.Length != file.Size || file.Sha256 is null)
        {
            return true;
        }

        await using var stream = new FileStream(local.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        return !sha256.Equals(file.Sha256, StringComparison.OrdinalIgnoreCase);
    }
}
