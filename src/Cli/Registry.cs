using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Cli;

/// <summary>Wires every assembly's steps into one registry, and their ledger record mappings into one set.</summary>
public static class Registry
{
    /// <summary>A registry with all built-in steps.</summary>
    public static StepRegistry CreateDefault()
    {
        var r = new StepRegistry();
        Ingest.IngestModule.Register(r);
        Filters.FiltersModule.Register(r);
        Dedup.DedupModule.Register(r);
        Tokens.TokensModule.Register(r);
        Train.TrainModule.Register(r);
        Audit.AuditModule.Register(r);
        return r;
    }

    /// <summary>Every module's ledger record mappings (the ledger adds the engine's own).</summary>
    public static LedgerMappings LedgerMappings() => new LedgerMappings()
        .Add(Ingest.IngestModule.LedgerMappings())
        .Add(Filters.FiltersModule.LedgerMappings())
        .Add(Dedup.DedupModule.LedgerMappings())
        .Add(Tokens.TokensModule.LedgerMappings())
        .Add(Train.TrainModule.LedgerMappings())
        .Add(Audit.AuditModule.LedgerMappings());
}
