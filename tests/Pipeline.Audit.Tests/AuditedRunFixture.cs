using Pipeline.Core.Steps;
using Pipeline.Testing;

namespace Pipeline.Audit.Tests;

/// <summary>One audited synthetic run with its report, shared by the report tests.</summary>
public sealed class AuditedRunFixture : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly Lazy<Task<(SyntheticRun, string, IReadOnlyList<Artifact>)>> _built;

    public AuditedRunFixture() => _built = new(() => ReportTests.BuildReportAsync(_tmp));

    internal Task<(SyntheticRun Run, string Html, IReadOnlyList<Artifact> Report)> GetAsync() => _built.Value;

    public void Dispose() => _tmp.Dispose();
}
