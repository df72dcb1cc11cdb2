using Depot.Protocol;

namespace Depot.Server.Api;

/// <summary>The one table that maps each stable error code to its HTTP status. WebDAV and tus adapters reuse it.</summary>
internal static class ErrorStatusMap
{
    private static readonly Dictionary<string, int> Statuses = new(StringComparer.Ordinal)
    {
        [ErrorCodes.InvalidRequest] = StatusCodes.Status400BadRequest,
        [ErrorCodes.IdempotencyKeyReused] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.ForeignDestination] = StatusCodes.Status400BadRequest,
        [ErrorCodes.InvalidName] = StatusCodes.Status400BadRequest,
        [ErrorCodes.InvalidPath] = StatusCodes.Status400BadRequest,
        [ErrorCodes.InvalidRange] = StatusCodes.Status416RangeNotSatisfiable,
        [ErrorCodes.PayloadTooLarge] = StatusCodes.Status413PayloadTooLarge,
        [ErrorCodes.ContentRangeUnsupported] = StatusCodes.Status400BadRequest,
        [ErrorCodes.UnsupportedMediaType] = StatusCodes.Status415UnsupportedMediaType,
        [ErrorCodes.RequestTimeout] = StatusCodes.Status408RequestTimeout,
        [ErrorCodes.InvalidCursor] = StatusCodes.Status400BadRequest,
        [ErrorCodes.CursorExpired] = StatusCodes.Status410Gone,
        [ErrorCodes.Unauthenticated] = StatusCodes.Status401Unauthorized,
        [ErrorCodes.InvalidCredentials] = StatusCodes.Status401Unauthorized,
        [ErrorCodes.Forbidden] = StatusCodes.Status403Forbidden,
        [ErrorCodes.ShareNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.LinkNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.CrossOwnerMove] = StatusCodes.Status409Conflict,
        [ErrorCodes.RoleTooHigh] = StatusCodes.Status403Forbidden,
        [ErrorCodes.TooManyAttempts] = StatusCodes.Status429TooManyRequests,
        [ErrorCodes.RateLimited] = StatusCodes.Status429TooManyRequests,
        [ErrorCodes.UserExists] = StatusCodes.Status409Conflict,
        [ErrorCodes.UserNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.WeakPassword] = StatusCodes.Status400BadRequest,
        [ErrorCodes.TokenNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.LastAdmin] = StatusCodes.Status409Conflict,
        [ErrorCodes.GroupExists] = StatusCodes.Status409Conflict,
        [ErrorCodes.GroupNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.GroupMemberNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.AntiforgeryFailed] = StatusCodes.Status403Forbidden,
        [ErrorCodes.TwoFactorRequired] = StatusCodes.Status401Unauthorized,
        [ErrorCodes.InvalidTwoFactorCode] = StatusCodes.Status401Unauthorized,
        [ErrorCodes.TwoFactorAlreadyEnabled] = StatusCodes.Status409Conflict,
        [ErrorCodes.TwoFactorNotEnabled] = StatusCodes.Status409Conflict,
        [ErrorCodes.TwoFactorEnrolmentRequired] = StatusCodes.Status403Forbidden,
        [ErrorCodes.InvalidPasskeyChallenge] = StatusCodes.Status400BadRequest,
        [ErrorCodes.InvalidPasskey] = StatusCodes.Status401Unauthorized,
        [ErrorCodes.PasskeyRegistrationFailed] = StatusCodes.Status400BadRequest,
        [ErrorCodes.PasskeyNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.AppPasswordRequired] = StatusCodes.Status401Unauthorized,
        [ErrorCodes.NotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.AlreadyExists] = StatusCodes.Status409Conflict,
        [ErrorCodes.NotAFolder] = StatusCodes.Status409Conflict,
        [ErrorCodes.NotAFile] = StatusCodes.Status409Conflict,
        [ErrorCodes.ParentNotFound] = StatusCodes.Status409Conflict,
        [ErrorCodes.MoveIntoSelf] = StatusCodes.Status409Conflict,
        [ErrorCodes.RootImmutable] = StatusCodes.Status409Conflict,
        [ErrorCodes.FolderNotEmpty] = StatusCodes.Status409Conflict,
        [ErrorCodes.PreconditionFailed] = StatusCodes.Status412PreconditionFailed,
        [ErrorCodes.PreconditionRequired] = StatusCodes.Status428PreconditionRequired,
        [ErrorCodes.DigestMismatch] = StatusCodes.Status400BadRequest,
        [ErrorCodes.InvalidMtime] = StatusCodes.Status400BadRequest,
        [ErrorCodes.SizeMismatch] = StatusCodes.Status400BadRequest,
        [ErrorCodes.QuotaExceeded] = StatusCodes.Status507InsufficientStorage,
        [ErrorCodes.InsufficientStorage] = StatusCodes.Status507InsufficientStorage,
        [ErrorCodes.VersionNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.TrashItemNotFound] = StatusCodes.Status404NotFound,
        // tus 1.0.0 (docs/tus.md): 404 for an unknown, expired or someone else's upload, 409 on an offset mismatch,
        // 423 while another request writes to it (tus-js-client and tusd retry 423), 460 on an Upload-Checksum mismatch.
        [ErrorCodes.UploadNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.UploadLocked] = StatusCodes.Status423Locked,
        [ErrorCodes.OffsetMismatch] = StatusCodes.Status409Conflict,
        [ErrorCodes.ChecksumMismatch] = 460,
        [ErrorCodes.UnsupportedTusVersion] = StatusCodes.Status412PreconditionFailed,

        [ErrorCodes.Locked] = StatusCodes.Status423Locked,
        [ErrorCodes.LockNotFound] = StatusCodes.Status409Conflict,
        [ErrorCodes.ProtectedProperty] = StatusCodes.Status403Forbidden,
        [ErrorCodes.TooManyProperties] = StatusCodes.Status507InsufficientStorage,
        [ErrorCodes.Overloaded] = StatusCodes.Status503ServiceUnavailable,
        [ErrorCodes.ServerBusy] = StatusCodes.Status503ServiceUnavailable,
        [ErrorCodes.InternalError] = StatusCodes.Status500InternalServerError,
        [ErrorCodes.StorageDamaged] = StatusCodes.Status500InternalServerError,
        [ErrorCodes.StorageUnavailable] = StatusCodes.Status503ServiceUnavailable,
    };

    public static int StatusFor(string code) => Statuses.GetValueOrDefault(code, StatusCodes.Status500InternalServerError);

    public static IReadOnlyDictionary<string, int> All => Statuses;
}
