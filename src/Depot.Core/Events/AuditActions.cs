namespace Depot.Core.Events;

/// <summary>
/// The closed set of audit actions: stable names (<c>family.verb</c>) that clients filter on, so they never change
/// meaning once published. <see cref="AuditLog"/> refuses any other name. The <c>share.*</c> and <c>link.*</c> names
/// are reserved for sharing and public links (issue 3) so their events need no schema or contract change.
/// </summary>
public static class AuditActions
{
    // Authentication and the caller's own account
    public const string SignIn = "auth.sign_in";
    public const string SignInFailed = "auth.sign_in_failed";
    public const string SignOut = "auth.sign_out";
    public const string TokenCreate = "token.create";
    public const string TokenRevoke = "token.revoke";
    public const string PasswordChange = "password.change";

    // Two-factor sign-in
    public const string TwoFactorEnable = "two_factor.enable";
    public const string TwoFactorDisable = "two_factor.disable";
    public const string TwoFactorRecoveryUsed = "two_factor.recovery_used";
    public const string TwoFactorReset = "two_factor.reset";
    public const string SettingsTwoFactor = "settings.two_factor";
    public const string TwoFactorRecoveryRegenerate = "two_factor.recovery_regenerate";

    // Passkeys (a passkey sign-in is auth.sign_in with method=passkey)
    public const string PasskeyAdd = "passkey.add";
    public const string PasskeyRemove = "passkey.remove";

    // Account administration
    public const string UserCreate = "user.create";
    public const string UserUpdate = "user.update";
    public const string UserDelete = "user.delete";
    public const string UserPasswordReset = "user.password_reset";
    public const string UserQuota = "user.quota";

    // Group administration
    public const string GroupCreate = "group.create";
    public const string GroupRename = "group.rename";
    public const string GroupDelete = "group.delete";
    public const string GroupMemberAdd = "group.member_add";
    public const string GroupMemberRemove = "group.member_remove";

    // Files
    public const string FileDelete = "file.delete";
    public const string TrashRestore = "trash.restore";
    public const string TrashPurge = "trash.purge";
    public const string TrashEmpty = "trash.empty";
    public const string VersionRestore = "version.restore";

    // Operations
    public const string BackupRestoreFolder = "backup.restore_folder";

    // Shares (reserved for the sharing work)
    public const string ShareCreate = "share.create";
    public const string ShareUpdate = "share.update";
    public const string ShareRevoke = "share.revoke";
    public const string ShareMount = "share.mount";
    public const string ShareUnmount = "share.unmount";

    // Public links (reserved for the sharing work)
    public const string LinkCreate = "link.create";
    public const string LinkUpdate = "link.update";
    public const string LinkRevoke = "link.revoke";
    public const string LinkDownload = "link.download";
    public const string LinkUpload = "link.upload";
    public const string LinkPasswordFailed = "link.password_failed";

    /// <summary>Every action name, for validation and documentation.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        SignIn, SignInFailed, SignOut, TokenCreate, TokenRevoke, PasswordChange,
        TwoFactorEnable, TwoFactorDisable, TwoFactorRecoveryUsed, TwoFactorReset, SettingsTwoFactor, TwoFactorRecoveryRegenerate,
        PasskeyAdd, PasskeyRemove,
        UserCreate, UserUpdate, UserDelete, UserPasswordReset, UserQuota,
        GroupCreate, GroupRename, GroupDelete, GroupMemberAdd, GroupMemberRemove,
        FileDelete, TrashRestore, TrashPurge, TrashEmpty, VersionRestore, BackupRestoreFolder,
        ShareCreate, ShareUpdate, ShareRevoke, ShareMount, ShareUnmount,
        LinkCreate, LinkUpdate, LinkRevoke, LinkDownload, LinkUpload, LinkPasswordFailed,
    };

    /// <summary>The families (<c>auth</c>, <c>group</c>…): a filter <c>group.*</c> matches every action of one.</summary>
    public static IReadOnlySet<string> Families { get; } =
        All.Select(a => a[..a.IndexOf('.', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
}
