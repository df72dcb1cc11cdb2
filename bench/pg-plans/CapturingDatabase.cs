using System.Data.Common;
using System.Reflection;
using Depot.Core.Data;

namespace Depot.PgPlans;

/// <summary>
/// An <see cref="IDatabase"/> that hands the stores connections of its own choosing (set up to report their plans) and
/// forwards everything else to a real one. A <see cref="DispatchProxy"/> rather than a class implementing the
/// interface, so the tool keeps building as <see cref="IDatabase"/> gains members.
/// </summary>
public class CapturingDatabase : DispatchProxy
{
    private IDatabase _inner = null!;
    private Func<CancellationToken, Task<DbConnection>> _open = null!;

    public static IDatabase Create(IDatabase inner, Func<CancellationToken, Task<DbConnection>> open)
    {
        var proxy = Create<IDatabase, CapturingDatabase>();
        var self = (CapturingDatabase)(object)proxy;
        self._inner = inner;
        self._open = open;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IDatabase.OpenAsync))
        {
            return _open((CancellationToken)args![0]!);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
