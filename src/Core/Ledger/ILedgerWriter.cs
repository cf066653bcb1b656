namespace Pipeline.Core.Ledger;

/// <summary>What a record mapping writes rows through (the ledger's single writer).</summary>
public interface ILedgerWriter
{
    /// <summary>Starts a row of <paramref name="table"/>; the ledger fills <c>run_id</c> and <c>seq</c>.</summary>
    ILedgerRow Row(LedgerTable table);
}
