using System.ComponentModel.DataAnnotations;

namespace Depot.Server.Hosting;

/// <summary>Where Depot keeps everything: the metadata database, blobs, temp files and the generated certificate.</summary>
internal sealed class DataFolderOptions
{
    public const string Section = "Depot";

    // ./data beside the working directory: the quick start needs no configuration at all.
    [Required]
    public string DataPath { get; set; } = "data";

    public string FullPath => Path.GetFullPath(DataPath);

    /// <summary>The embedded metadata store (SQLite).</summary>
    public string DatabasePath => Path.Combine(FullPath, "depot.db");
}
