namespace Depot.Protocol;

/// <summary>
/// The stable catalogue of error codes carried in the <c>code</c> member of every
/// RFC 9457 problem document. Codes never change meaning once published; clients branch on them.
/// The HTTP status for each code is decided in one table on the server (ErrorStatusMap).
/// </summary>
public static class ErrorCodes
{
    // Requests
    public const string InvalidRequest = "invalid_request";
    public const string InvalidName = "invalid_name";
    public const string InvalidPath = "invalid_path";
    public const string InvalidRange = "invalid_range";
    public const string PayloadTooLarge = "payload_too_large";
    public const string ContentRangeUnsupported = "content_range_unsupported";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string ForeignDestination = "foreign_destination";
    public const string RequestTimeout = "request_timeout";
    public const string InvalidCursor = "invalid_cursor";
    public const string CursorExpired = "cursor_expired";

    // Authentication and accounts
    public const string Unauthenticated = "unauthenticated";
    public const string InvalidCredentials = "invalid_credentials";
    public const string Forbidden = "forbidden";
    public const string TooManyAttempts = "too_many_attempts";
    public const string RateLimited = "rate_limited";
    public const string UserExists = "user_exists";
    public const string UserNotFound = "user_not_found";
    public const string WeakPassword = "weak_password";
    public const string TokenNotFound = "token_not_found";
    public const string LastAdmin = "last_admin";
    public const string AntiforgeryFailed = "antiforgery_failed";

    // Two-factor sign-in (docs/api.md "Two-factor sign-in")
    /// <summary>The password was right and the account has two-factor sign-in: send it again with a code (401).</summary>
    public const string TwoFactorRequired = "two_factor_required";
    /// <summary>A wrong, expired or already used TOTP or recovery code (401); counted by the throttle like a wrong password.</summary>
    public const string InvalidTwoFactorCode = "invalid_two_factor_code";
    public const string TwoFactorAlreadyEnabled = "two_factor_already_enabled";
    /// <summary>No two-factor enrolment to confirm, disable or reset (409).</summary>
    public const string TwoFactorNotEnabled = "two_factor_not_enabled";
    /// <summary>An admin requires two-factor sign-in of this account: only enrolment and sign-out are open until it is on (403).</summary>
    public const string TwoFactorEnrolmentRequired = "two_factor_enrolment_required";
    /// <summary>HTTP Basic (WebDAV) with the account password of an account that has two-factor sign-in: use an app password (401).</summary>
    public const string AppPasswordRequired = "app_password_required";

    // Passkeys (docs/api.md "Passkeys")
    /// <summary>The passkey ceremony named is unknown, expired, already used or of another kind: begin again (400).</summary>
    public const string InvalidPasskeyChallenge = "invalid_passkey_challenge";
    /// <summary>A passkey sign-in that failed: unknown credential, bad signature, another account's, or a counter that went back (401).</summary>
    public const string InvalidPasskey = "invalid_passkey";
    /// <summary>The browser's answer when adding a passkey did not verify, or the credential is already registered (400).</summary>
    public const string PasskeyRegistrationFailed = "passkey_registration_failed";
    /// <summary>No such passkey of the caller's (another user's is not found either), or the account has none (404).</summary>
    public const string PasskeyNotFound = "passkey_not_found";

    // Groups
    public const string GroupExists = "group_exists";
    public const string GroupNotFound = "group_not_found";
    public const string GroupMemberNotFound = "group_member_not_found";

    // Files
    public const string NotFound = "not_found";
    public const string AlreadyExists = "already_exists";
    public const string NotAFolder = "not_a_folder";
    public const string NotAFile = "not_a_file";
    public const string ParentNotFound = "parent_not_found";
    public const string MoveIntoSelf = "move_into_self";
    public const string RootImmutable = "root_immutable";
    public const string FolderNotEmpty = "folder_not_empty";
    public const string PreconditionFailed = "precondition_failed";

    /// <summary>An Idempotency-Key sent again with a different request than the one it was first used for (422).</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string PreconditionRequired = "precondition_required";
    public const string DigestMismatch = "digest_mismatch";
    public const string SizeMismatch = "size_mismatch";

    /// <summary>A client-supplied modified time (<c>X-OC-Mtime</c>) that is not Unix seconds between 1970 and 9999.</summary>
    public const string InvalidMtime = "invalid_mtime";
    public const string QuotaExceeded = "quota_exceeded";
    public const string InsufficientStorage = "insufficient_storage";
    public const string VersionNotFound = "version_not_found";
    public const string TrashItemNotFound = "trash_item_not_found";

    // Sharing
    public const string ShareNotFound = "share_not_found";
    public const string LinkNotFound = "link_not_found";
    public const string CrossOwnerMove = "cross_owner_move";
    public const string RoleTooHigh = "role_too_high";

    // Resumable uploads (tus, docs/tus.md)
    public const string UploadNotFound = "upload_not_found";
    public const string UploadLocked = "upload_locked";
    public const string OffsetMismatch = "offset_mismatch";
    public const string ChecksumMismatch = "checksum_mismatch";
    public const string UnsupportedTusVersion = "unsupported_tus_version";

    // WebDAV properties and locks
    public const string Locked = "locked";
    public const string LockNotFound = "lock_not_found";
    public const string ProtectedProperty = "protected_property";
    public const string TooManyProperties = "too_many_properties";

    // Thumbnails
    /// <summary>No thumbnail can be made of this file: not an image, a format the server cannot decode, or damaged (422).</summary>
    public const string ThumbnailUnavailable = "thumbnail_unavailable";

    /// <summary>The image is over the thumbnail pixel or byte cap (a decompression bomb among them), so it is not decoded (422).</summary>
    public const string ImageTooLarge = "image_too_large";

    // Server
    public const string Overloaded = "overloaded";
    public const string ServerBusy = "server_busy";
    public const string WriteConflict = "write_conflict";
    public const string InternalError = "internal_error";
    public const string StorageDamaged = "storage_damaged";

    /// <summary>The blob store (S3) cannot be reached or keeps failing: nothing was stored or read. Retry later (503, Retry-After).</summary>
    public const string StorageUnavailable = "storage_unavailable";
}
