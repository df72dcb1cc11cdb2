namespace Depot.PgPlans;

/// <summary>
/// The data set's size and its landmarks: what the probes look up. One user ("alice") owns <see cref="Nodes"/> nodes in
/// folders up to 10 deep, with one folder of <see cref="BigFolderSize"/> files; a few other users own smaller trees.
/// </summary>
internal sealed record TreeShape(int Nodes, int OtherUsers, int OtherUserNodes, int AuditEvents)
{
    public const int BigFolderSize = 5000;

    /// <summary>The folder of <see cref="BigFolderSize"/> files, as name keys from the root.</summary>
    public static readonly string[] BigFolder = ["PHOTOS", "2024", "CAMERA"];

    /// <summary>A file 10 levels down, as name keys from the root.</summary>
    public static readonly string[] DeepFile =
        ["PROJECTS", "DEPOT", "SRC", "DEPOT.CORE", "FILES", "PROPERTIES", "A", "B", "C", "DEEP.TXT"];

    public static TreeShape Default => new(100_000, 4, 5_000, 100_000);
}
