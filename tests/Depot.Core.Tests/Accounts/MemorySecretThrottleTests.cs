using Depot.Core.Accounts;

namespace Depot.Core.Tests.Accounts;

public sealed class MemorySecretThrottleTests : SecretThrottleTests
{
    protected override Task<IThrottleStore> CreateStoreAsync() => Task.FromResult<IThrottleStore>(new MemoryThrottleStore());

    protected override IThrottleStore OtherNode(IThrottleStore store) => store;
}
