namespace Pipeline.Core.Ledger;

/// <summary>The outcome of one <c>fail_on</c> gate, checked by the runner after every step finished.</summary>
/// <param name="Rule">The rule as written in the DAG.</param>
/// <param name="Metric">The metric it reads.</param>
/// <param name="Measured">The measured value (NaN when missing).</param>
/// <param name="Passed">True when the gate passed.</param>
/// <param name="Detail">Why it failed, or null.</param>
public sealed record GateRecord(string Rule, string Metric, double Measured, bool Passed, string? Detail) : LedgerRecord;
