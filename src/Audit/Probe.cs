namespace Pipeline.Audit;

/// <summary>A knowledge probe: the model should rank <paramref name="Answer"/> above every distractor after <paramref name="Prompt"/>.</summary>
public sealed record Probe(string Domain, string Prompt, string Answer, IReadOnlyList<string> Distractors, string? Relation = null);
