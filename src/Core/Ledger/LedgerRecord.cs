namespace Pipeline.Core.Ledger;

/// <summary>Base of everything written to the ledger. Each derived record maps to one table.</summary>
public abstract record LedgerRecord;
