using System.Diagnostics.CodeAnalysis;

namespace Depot.Core;

/// <summary>The outcome of a core operation: a value, or a <see cref="DepotError"/>. Exceptions are for bugs and I/O.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;
    private readonly DepotError? _error;

    private Result(T? value, DepotError? error)
    {
        _value = value;
        _error = error;
    }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => _error is null;

    public T Value => _error is null ? _value! : throw new InvalidOperationException($"Result is an error: {_error.Code}");

    public DepotError? Error => _error;

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(DepotError error) => new(default, error);

    public static Result<T> Fail(string code, string detail) => new(default, new DepotError(code, detail));

#pragma warning disable CA2225 // the named Ok/Fail factories are the alternates
    public static implicit operator Result<T>(T value) => Ok(value);

    public static implicit operator Result<T>(DepotError error) => Fail(error);
#pragma warning restore CA2225
}
