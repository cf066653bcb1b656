using Pipeline.Core.Steps;

namespace Pipeline.Cli;

/// <summary>Wires every assembly's steps into one registry.</summary>
public static class Registry
{
    /// <summary>A registry with all built-in steps.</summary>
    public static StepRegistry CreateDefault()
    {
        var r = new StepRegistry();
        Ingest.IngestModule.Register(r);
        Filters.FiltersModule.Register(r);
        Dedup.DedupModule.Register(r);
        Provenance.ProvenanceModule.Register(r);
        Tokens.TokensModule.Register(r);
        Train.TrainModule.Register(r);
        Audit.AuditModule.Register(r);
        return r;
    }
}
