using Xunit.Abstractions;
using Xunit.Sdk;

namespace HandoffBot.Tests.Storage.Contract;

/// <summary>
/// A contract test: it runs once per backend class deriving from <see cref="StorageContractTests"/>.
/// PostgreSQL classes run when <c>HANDOFFBOT_TEST_POSTGRES</c> names a server; without one they are
/// reported skipped with the reason — except in CI (<c>CI=true</c>), where they run and fail, so a CI
/// that forgot its database cannot pass green.
/// </summary>
[XunitTestCaseDiscoverer("HandoffBot.Tests.Storage.Contract.BackendFactDiscoverer", "HandoffBot.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class BackendFactAttribute : FactAttribute;

public sealed class BackendFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var type = testMethod.TestClass.Class.ToRuntimeType();
        if (type is not null && typeof(IPostgresBackend).IsAssignableFrom(type) && PostgresServer.SkipReason is { } reason)
        {
            return [new XunitSkippedDataRowTestCase(diagnostics, display, displayOptions, testMethod, reason)];
        }

        return [new XunitTestCase(diagnostics, display, displayOptions, testMethod)];
    }
}

/// <summary>Marks a test class that needs the PostgreSQL server.</summary>
public interface IPostgresBackend;

/// <summary>The test server named by <c>HANDOFFBOT_TEST_POSTGRES</c> (<c>.ci/postgres.sh</c> starts one).</summary>
public static class PostgresServer
{
    public const string Variable = "HANDOFFBOT_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when PostgreSQL tests must run.</summary>
    public static string? SkipReason => ConnectionString is null && !InCi
        ? $"No PostgreSQL server configured: set {Variable} (eval \"$(.ci/postgres.sh | sed 's/^/export /')\" starts a throwaway one) to run the PostgreSQL side of the storage contract"
        : null;

    /// <summary>The connection string, or a failure that says what CI forgot.</summary>
    public static string Require() => ConnectionString
        ?? throw new InvalidOperationException($"CI=true but {Variable} is not set: .ci/run starts a PostgreSQL cluster (.ci/postgres.sh) before the tests; the PostgreSQL contract must run in CI.");
}
